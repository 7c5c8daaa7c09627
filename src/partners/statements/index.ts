/** Partner statements (issue 16): a partner's period as content, and as a page in the partner's language. Pure. */
export { buildStatement, type Statement, type StatementEntry, type StatementInput, type StatementPayout, type StatusTotals } from './statement.js';
export { statementHtml, escapeHtml } from './statement-html.js';
export { formatDate, formatMoney, isRightToLeft } from './locale-format.js';
export { statementLanguages, statementMessages, type StatementLanguage } from './messages.js';
