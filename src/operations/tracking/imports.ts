/**
 * `POST /v1/import/:kind` ↔ `roilens import KIND FILE`: spend, orders, leads, rates (CSV) or events
 * (JSON lines), the body being the file. Valid rows are stored, bad ones listed by line; spend
 * answers `{"inserted","replaced","removed","by_channel",…}` (design.md, second wave); `dry_run`
 * parses and counts without writing (the dashboard's preview). A file with no valid row is refused
 * (400 with the whole answer); the CLI prints what was rejected and exits 1. An import moves money, so
 * it takes an `Idempotency-Key` (design.md, precise terms).
 */
import { z } from 'zod';
import { importData, importKinds } from '../../ingest/importer.js';
import { AppError } from '../../shared/errors.js';
import { spendReplaceModes } from '../../store/spend-ranges.js';
import { defineOperation, type OutputFormat } from '../core/define.js';
import { Refused } from '../core/refused.js';
import { importRefunds } from '../../reports/partners/money/refunds-import.js';
import { parseRefundsCsv } from '../../ingest/csv/refunds-csv.js';

/** What `import` takes: the importer's kinds, and refunds of orders (the partner ledger's, issue 16). */
const fileKinds = [...importKinds, 'refunds'] as const;

const issue = z.object({ path: z.string(), message: z.string() });

export const importOutcomeSchema = z.object({
  kind: z.enum(fileKinds),
  stored: z.number().int().describe('rows stored (new or replacing); 0 in a dry run'),
  valid: z.number().int().describe('valid rows in the file'),
  dry_run: z.boolean(),
  inserted: z.number().int().optional().describe('spend: file rows'),
  replaced: z.number().int().optional().describe('spend: stored rows whose key the file brings again'),
  removed: z.number().int().optional().describe('spend: stored rows replace=range deleted without a new row for their key'),
  by_channel: z.array(z.object({
    channel: z.string(),
    inserted: z.number().int(),
    replaced: z.number().int(),
    removed: z.number().int(),
    spend: z.string().nullable().describe("the file's spend in this channel; null when its rows mix currencies"),
    currency: z.string().nullable(),
  })).optional(),
  layout: z.string().optional().describe('the ad-platform export layout recognised'),
  errors: z.array(issue),
  warnings: z.array(z.object({ code: z.enum(['unknown_channel', 'mixed_currencies']), channel: z.string().optional(), line: z.number().int().optional(), message: z.string() })),
});
type ImportAnswer = z.output<typeof importOutcomeSchema>;

/** The table form of an import's answer: one line of totals, and for spend a table by channel. */
export function renderImport(o: ImportAnswer, table: (rows: Record<string, unknown>[]) => string): string {
  const dry = o.dry_run ? 'dry run, nothing written: ' : '';
  if (o.kind !== 'spend') return `${dry}${o.dry_run ? `${o.valid} valid` : `imported ${o.stored}`} ${o.kind} rows\n`;
  const head = `${dry}spend${o.layout ? ` (${o.layout} layout)` : ''}: inserted ${o.inserted ?? 0}, replaced ${o.replaced ?? 0}, removed ${o.removed ?? 0}\n`;
  if (!o.by_channel?.length) return head;
  const rows = o.by_channel.map((c) => ({ channel: c.channel, inserted: c.inserted, replaced: c.replaced, removed: c.removed, spend: c.spend === null ? 'mixed' : `${c.spend}${c.currency ? ` ${c.currency}` : ''}` }));
  return `${head}${table(rows)}\n`;
}

export const importOperation = defineOperation({
  name: 'imports.file',
  summary: 'Import spend, orders, leads, rates (CSV) or events (JSON lines)',
  tags: ['import'],
  scope: 'imports:write',
  // Spend, orders (revenue), leads and events move money: a retried upload with its Idempotency-Key
  // (`roilens import … --idempotency-key K`) answers the first answer instead of importing again.
  idempotent: true,
  http: { method: 'POST', path: '/v1/import/:kind', file: { key: 'data', media: ['text/csv', 'application/x-ndjson'], limit: 64 * 1024 * 1024 }, refuses: true },
  input: z.object({
    kind: z.enum(fileKinds),
    channel: z.string().optional().describe('channel for every spend row (for ad-platform exports)'),
    source: z.string().optional().describe("source of every spend row (default: the layout's platform, a source column, else generic)"),
    replace: z.enum(spendReplaceModes).optional().describe("keys (default): stored rows with a key in the file; range: the source's rows from the file's first to last date"),
    dry_run: z.enum(['1', '0', 'true', 'false']).optional().describe('parse and count without writing'),
    data: z.string().describe('the file'),
  }),
  output: importOutcomeSchema,
  cli: {
    command: 'import',
    description: `Import a file: ${fileKinds.join(', ')} (CSV; events as JSON lines). Valid rows are stored, bad rows reported by line.`,
    args: ['kind', 'file'],
    argDescriptions: { file: 'the file to import' },
    hidden: ['data', 'dry_run'],
    flags: {
      channel: { value: '<channel>', description: 'channel of every spend row (e.g. paid_search for a Google Ads export)' },
      source: { value: '<source>', description: "source of every spend row (default: the export's platform, a source column, else generic)" },
      replace: { value: '<mode>', description: "spend: keys (replace stored rows with the same source, account, campaign, ad and date) or range (the source's whole date range)", default: 'keys' },
    },
    options: [['--dry-run', 'parse and count what the import would insert, replace and remove, without writing']],
    formats: ['table', 'json'],
    input: (opts, _format, tools) => ({
      kind: opts.kind,
      ...(opts.channel ? { channel: opts.channel } : {}),
      ...(opts.source ? { source: opts.source } : {}),
      ...(opts.kind === 'spend' || opts.replace !== 'keys' ? { replace: opts.replace } : {}),
      ...(opts.dryRun ? { dry_run: '1' } : {}),
      data: tools.readTextFile(String(opts.file), '<file>'),
    }),
    print: (outcome, format: OutputFormat, _input, tools, given) => {
      if (format === 'json') tools.printResult(outcome, 'json');
      else process.stdout.write(renderImport(outcome, tools.renderTable));
      const file = String(given.file);
      for (const w of outcome.warnings ?? []) process.stderr.write(`${file}: warning${w.line ? ` (line ${w.line})` : ''}: ${w.message}\n`);
      if (outcome.errors.length > 0) {
        for (const e of outcome.errors.slice(0, 100)) process.stderr.write(`${file}: ${e.path}: ${e.message}\n`);
        if (outcome.errors.length > 100) process.stderr.write(`… and ${outcome.errors.length - 100} more errors\n`);
        process.stderr.write(`${outcome.errors.length} rows rejected; the valid rows were ${outcome.dry_run ? 'counted (dry run)' : 'stored'}\n`);
        process.exitCode = 1;
      }
    },
  },
  // The file is not kept: the counts are.
  audit: {
    target: (input) => ({ kind: 'import', id: input.kind }),
    after: (input, o) => ({ kind: input.kind, dry_run: o.dry_run, valid: o.valid, stored: o.stored, inserted: o.inserted, replaced: o.replaced, removed: o.removed, rejected: o.errors.length, source: input.source, replace: input.replace }),
  },
  handler: async (ctx, input) => {
    const where = ctx.surface === 'cli' ? '<file>' : 'body';
    if (!input.data.trim()) throw new AppError('invalid_input', `${where}: the file is empty`, [{ path: where, message: 'empty' }]);
    const workspace = await ctx.store.getWorkspace(ctx.workspaceId);
    if (!workspace) throw new AppError('not_found', 'no workspace');
    const dryRun = input.dry_run === '1' || input.dry_run === 'true';
    if (input.kind === 'refunds') {
      await ctx.ingest.drain();
      const refunds = await importRefunds(ctx.store, ctx.workspaceId, parseRefundsCsv(input.data), dryRun);
      if (refunds.valid === 0 && refunds.errors.length > 0) throw new Refused(`nothing imported; ${refunds.errors[0].path}: ${refunds.errors[0].message}`, { ...refunds });
      return refunds;
    }
    const accept = ctx.ingest.accept;
    const outcome = await importData(input.kind, input.data, {
      store: ctx.store, workspace, ...(accept ? { acceptEvents: (events) => accept(workspace, events) } : {}),
    }, { channel: input.channel, source: input.source, replace: input.replace, dryRun, onProgress: ctx.progress && ((done, total) => ctx.progress!(done, total, 'events')) });
    if (outcome.valid === 0 && outcome.errors.length > 0) throw new Refused(`nothing imported; ${outcome.errors[0].path}: ${outcome.errors[0].message}`, { ...outcome });
    if (!dryRun) ctx.ingest.forgetWriteKeys();
    return outcome;
  },
});
