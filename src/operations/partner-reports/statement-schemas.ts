/** The statement's answer schema and its CLI, shared by the manager's and the partner's statement operations. */
import { writeFileSync } from 'node:fs';
import { z } from 'zod';
import { ledgerKinds, ledgerReasons, ledgerStatuses } from '../../records/partners.js';
import { invalid } from '../../shared/errors.js';
import type { CliSpec } from '../core/define.js';
import { day } from '../core/shapes.js';

const status = z.enum(ledgerStatuses);
const byStatus = z.object({ pending: z.string(), held: z.string(), approved: z.string(), paid: z.string(), reversed: z.string() });

export const statementShape = {
  partner: z.object({ id: z.string(), name: z.string() }),
  program: z.object({ id: z.string(), name: z.string() }),
  currency: z.string(),
  language: z.enum(['en', 'fa', 'vi']),
  from: z.string(),
  to: z.string(),
  issued: z.string().describe('the local day the statement was made'),
  entries: z.array(z.object({
    id: z.string(), date: z.string(), kind: z.enum(ledgerKinds), order_id: z.string().nullable(), amount: z.string(), status,
    reason: z.enum(ledgerReasons).nullable(),
  })).describe("the period's entries other than payouts, oldest first"),
  totals: z.object({
    earned: z.string().describe('commissions and adjustments'),
    reversed: z.string().describe('reversals and clawbacks (negative)'),
    net: z.string(),
    by_status: byStatus.describe('net amounts by derived status (they sum to net)'),
    paid_out: z.string().describe("the period's payouts"),
  }),
  payouts: z.array(z.object({ id: z.string(), date: z.string(), amount: z.string(), payout_run_id: z.string().nullable() })),
  pdf: z.string().optional().describe('with pdf=true (the CLI\'s --format pdf): the PDF, base64'),
};

export const statementRange = {
  from: day.describe('first local day of the period'),
  to: day.describe('last local day of the period'),
  pdf: z.enum(['true', 'false']).optional().describe('true: the answer also carries the PDF (base64); the .pdf route answers the PDF itself'),
};

/** `--format json|pdf --out F`: JSON to stdout (or F), the PDF to F. */
export function statementCli<I, O extends { pdf?: string }>(command: string, description: string, flags: CliSpec<I, O>['flags'], args?: readonly string[]): CliSpec<I, O> {
  return {
    command,
    description,
    formats: ['json', 'pdf'],
    ...(args ? { args } : {}),
    flags,
    hidden: ['pdf'],
    options: [['--out <file>', 'write the statement (JSON, or the PDF with --format pdf) to this file']],
    input: (opts, format) => ({ ...Object.fromEntries(Object.entries(opts).filter(([k]) => ['id', 'partner', 'from', 'to'].includes(k))), ...(format === 'pdf' ? { pdf: 'true' } : {}) }),
    print: (answer, format, _input, { printResult }, given) => {
      const out = given.out as string | undefined;
      if (format === 'pdf') {
        if (!out) throw invalid('--out', 'a PDF is written to a file: name it with --out');
        writeFileSync(out, Buffer.from(answer.pdf ?? '', 'base64'));
        process.stdout.write(`wrote ${out}\n`);
        return;
      }
      if (out) writeFileSync(out, `${JSON.stringify(answer, null, 2)}\n`);
      else printResult(answer, 'json');
    },
  };
}
