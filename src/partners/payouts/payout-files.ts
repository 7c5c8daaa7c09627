/**
 * The files of a payout run: a generic CSV (one row per payout with a header), PayPal's
 * mass-payment CSV (no header; recipient e-mail, amount, currency, customer id, note, wallet
 * `PAYPAL`, in the column order PayPal's Payouts web upload documents; one currency per file, at
 * most 5,000 rows) and a bank transfer CSV (header; IBAN checked with ibantools, an Iranian Sheba
 * being an IBAN `IR` + 24 digits). Cells go through `csvSafeRow` (no spreadsheet formulas) and
 * csv-stringify (quoting).
 */
import { stringify } from 'csv-stringify/sync';
import { electronicFormatIBAN, isValidIBAN } from 'ibantools';
import type { PayoutDetails } from '../../records/partners.js';
import { csvSafeRow } from '../../shared/csv-safe.js';
import { AppError, type FieldIssue } from '../../shared/errors.js';
import type { PayoutRunResult } from './payout-run.js';

export const payoutFileFormats = ['generic', 'paypal', 'bank'] as const;
export type PayoutFileFormat = (typeof payoutFileFormats)[number];

/** What a file needs to know of each paid partner: the name, the e-mail and the (unsealed) payout details. */
export interface PayeeInfo {
  name: string;
  email: string;
  details: PayoutDetails | undefined;
}

/** The IBAN in electronic form (no spaces, upper-case) when it is a valid IBAN (a Sheba: IR + 24 digits), else undefined. */
export function normalIban(text: string | undefined): string | undefined {
  if (typeof text !== 'string') return undefined;
  const iban = electronicFormatIBAN(text) ?? '';
  if (iban.startsWith('IR') && !/^IR\d{24}$/.test(iban)) return undefined;
  return isValidIBAN(iban) ? iban : undefined;
}

const paypalId = (partner: string) => partner.replace(/\s+/g, '').slice(0, 30);

/**
 * The run's payouts as a file of `format` (text, lines ending in \n). Refuses (400
 * `invalid_input`, `payouts.<i>.<field>` named) a payee without what the format needs: a PayPal
 * e-mail, or a valid IBAN/Sheba and account name; and a PayPal file of over 5,000 rows.
 * @example payoutFile('bank', payoutRun(input), payees)
 */
export function payoutFile(format: PayoutFileFormat, result: PayoutRunResult, payees: ReadonlyMap<string, PayeeInfo>): string {
  const issues: FieldIssue[] = [];
  const rows: unknown[][] = [];
  const runId = result.run.id;
  result.payouts.forEach((p, i) => {
    const payee = payees.get(p.partner);
    const at = `payouts.${i}`;
    if (!payee) {
      issues.push({ path: `${at}.partner`, message: `no details for partner ${p.partner}` });
      return;
    }
    if (format === 'generic') {
      rows.push([p.partner, payee.name, payee.email, p.amount, p.currency, runId, payee.details?.method ?? '', p.entries.length]);
    } else if (format === 'paypal') {
      const email = payee.details?.paypal_email;
      if (typeof email !== 'string' || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) issues.push({ path: `${at}.paypal_email`, message: `partner ${p.partner} has no PayPal e-mail` });
      else rows.push([email, p.amount, p.currency, paypalId(p.partner), `Commissions through ${result.run.through} (${runId})`, 'PAYPAL']);
    } else {
      const iban = normalIban(payee.details?.iban);
      const name = payee.details?.account_name ?? payee.name;
      if (!iban) issues.push({ path: `${at}.iban`, message: `partner ${p.partner} has no valid IBAN or Sheba (IR + 24 digits)` });
      else rows.push([name, iban, payee.details?.bic ?? '', p.amount, p.currency, `${runId} ${p.partner}`]);
    }
  });
  if (format === 'paypal' && result.payouts.length > 5000) issues.push({ path: 'payouts', message: 'PayPal takes at most 5,000 rows a file' });
  if (issues.length > 0) throw new AppError('invalid_input', `cannot write the ${format} payout file: ${issues.slice(0, 20).map((x) => `${x.path}: ${x.message}`).join('; ')}`, issues.slice(0, 20));
  const header = format === 'generic' ? ['partner', 'name', 'email', 'amount', 'currency', 'run', 'method', 'entries']
    : format === 'bank' ? ['account_name', 'iban', 'bic', 'amount', 'currency', 'reference'] : null;
  return stringify([...(header ? [header] : []), ...rows.map((r) => csvSafeRow(r))], { record_delimiter: 'unix' });
}
