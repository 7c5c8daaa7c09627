/**
 * The partner ledger core (issue 16): pure functions from plain records to new ledger entries,
 * statuses and balances. Nothing here reads or writes a store; the caller appends what these return.
 */
export { commissionEntries, type CommissionInput } from './commissions.js';
export { refundEntries, type RefundInput, type RateLookup } from './refunds.js';
export { ledgerStatuses, ledgerBalance, ledgerView, coverable, paidIds, type LedgerBalance, type LedgerView, type Earning } from './statuses.js';
export { reviewEntries, type ReviewDecision } from './review.js';
export { retainerEntries, bonusEntry } from './adjustments.js';
export { programIssues } from './program-rules.js';
export { entryId, hashedId } from './entry.js';
export { money } from './money.js';
