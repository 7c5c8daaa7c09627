/**
 * A partner's statement for a period, read from the store (issue 16): the partner's ledger with
 * its statuses as of now (ledger core), laid out by `buildStatement`; as a PDF through headless
 * Chromium in the partner's language.
 */
import type { Partner } from '../../records/partners.js';
import type { Store } from '../../store/store.js';
import { AppError } from '../../shared/errors.js';
import { ledgerStatuses } from '../../partners/ledger/index.js';
import { buildStatement, statementHtml, type Statement } from '../../partners/statements/index.js';
import { checkDate } from '../common/date-range.js';
import { ledgerOf, programNamed } from './partner-report-reads.js';
import { renderPdf } from './pdf-render.js';

/** The statement of `partner` for the inclusive local days `from`…`to`, statuses as of `now`. */
export async function partnerStatement(store: Store, partner: Partner, range: { from: string; to: string }, fields: { from: string; to: string }, now = new Date()): Promise<Statement> {
  const from = checkDate(range.from, fields.from);
  const to = checkDate(range.to, fields.to);
  if (from > to) throw new AppError('invalid_input', `${fields.from}: ${from} is after ${to}`, [{ path: fields.from, message: 'must not be after to' }]);
  const workspace = await store.getWorkspace(partner.workspace_id);
  if (!workspace) throw new AppError('not_found', `no workspace ${partner.workspace_id}`);
  const program = await programNamed(store, partner.workspace_id, partner.program_id, 'partner.program_id');
  const entries = await ledgerOf(store, partner.workspace_id, { partner_id: partner.id });
  return buildStatement({
    partner: { id: partner.id, name: partner.name, language: partner.language },
    program: { id: program.id, name: program.name, currency: program.currency },
    from, to, timeZone: workspace.timezone, entries, statuses: ledgerStatuses(entries, program, now.toISOString()), now: now.toISOString(),
  });
}

/** The statement as a PDF (A4) in the partner's language. */
export function statementPdf(statement: Statement): Promise<Buffer> {
  return renderPdf(statementHtml(statement));
}

/** A statement PDF's download name. */
export const statementFileName = (partnerId: string, from: string, to: string) => `statement-${partnerId}-${from}-${to}.pdf`.replace(/[^\w.-]/g, '_');
