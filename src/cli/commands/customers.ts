import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { ClvFitDocument, ClvPredictDocument } from '../../customers/index.js';
import type { ClvRequest, ClvSummaryReport, RfmReport } from '../../reports/customers/customers.js';
import { customerProfileOperation, customersCohortsOperation, customersFunnelOperation } from '../../operations/analysis/customers.js';
import { clvExportPageLimit, customersLtvCacOperation } from '../../operations/analysis/customers-value.js';
import { segmentCompareOperation, segmentCountOperation, segmentCreateOperation, segmentListOperation } from '../../operations/analysis/segments.js';
import { registerOperationCommand, runOnDatabase, withOperations } from '../operation-commands.js';
import { segmentExportOperation, segmentPushOperation } from '../../operations/analysis/segment-audience.js';
import {
  checkWebhook,
  type PushResult,
  type SegmentComparison,
  type SegmentCount,
  type SegmentDefinition,
} from '../../reports/customers/segments.js';
import { AppError } from '../../shared/errors.js';
import { parseFormat, printResult, type OutputFormat } from '../output.js';
import { numberFlag, readJsonFile } from '../read-input.js';

function formatFlag(value: string | undefined): OutputFormat {
  try {
    return parseFormat(value);
  } catch (err) {
    throw new AppError('invalid_input', (err as Error).message, [{ path: '--format', message: 'expected json, table or csv' }]);
  }
}

// ---- store-backed branches of `rfm` and `clv fit|predict` (called from clv.ts when --transactions is absent) ----
// Each runs its operation by name on the database of --db: in process, or through the running server that holds it.

/** `roilens rfm --db`: RFM over the store's sales (operation `customers.rfm`). */
export function rfmFromDb(db: string | undefined, asOf: string | undefined): Promise<RfmReport> {
  return withOperations(db, async (call) => (await call('customers.rfm', { as_of: asOf })) as RfmReport);
}

/** `roilens clv fit --db`: the fit over the store's sales (the fit of operation `customers.clv`). */
export function clvFitFromDb(db: string | undefined, req: ClvRequest): Promise<ClvFitDocument> {
  return withOperations(db, async (call) => ((await call('customers.clv', { ...req })) as ClvSummaryReport).fit);
}

/**
 * `roilens clv predict --db`: every customer's P(alive), expected purchases and CLV, most valuable first,
 * read page by page from the export (operation `customers.clv_customers`) on one opening of the database.
 */
export function clvPredictFromDb(db: string | undefined, req: ClvRequest): Promise<ClvPredictDocument> {
  return withOperations(db, async (call) => {
    const customers: ClvPredictDocument['customers'] = [];
    let cursor: string | undefined;
    do {
      const page = (await call('customers.clv_customers', { ...req, limit: clvExportPageLimit, cursor })) as { customers: ClvPredictDocument['customers']; next_cursor: string | null };
      customers.push(...page.customers);
      cursor = page.next_cursor ?? undefined;
    } while (cursor);
    return { customers };
  });
}

/** Registers `customers profile|ltv-cac`, `cohorts` and `funnel` (operations: src/operations/customers.ts), then `segments`. */
export function register(program: Command): void {
  program.command('customers').description('customer profiles and lifetime value by acquisition channel');
  for (const op of [customerProfileOperation, customersLtvCacOperation, customersCohortsOperation, customersFunnelOperation]) registerOperationCommand(program, op);
  registerSegments(program);
}

function registerSegments(program: Command): void {
  const segments = program.command('segments').description('saved audiences: rules over traits, behaviour, orders, spend and acquisition channel');

  segments
    .command('list')
    .description('saved segments')
    .option('--db <file>', 'database file')
    .option('--format <format>', 'json, table or csv', 'table')
    .action(async (flags: { db?: string; format?: string }) => {
      const format = formatFlag(flags.format);
      const result = (await runOnDatabase(flags.db, segmentListOperation, {})) as { segments: SegmentDefinition[] };
      if (format === 'json') return printResult(result, format);
      printResult({ rows: result.segments.map((s) => ({ id: s.id, name: s.name, match: s.match, conditions: s.conditions.length, created_at: s.created_at })) }, format);
    });

  segments
    .command('create')
    .description('create a segment from a JSON definition {"name","match":"all"|"any","conditions":[…]}')
    .requiredOption('--file <file>', 'JSON definition')
    .option('--db <file>', 'database file')
    .option('--format <format>', 'json, table or csv', 'table')
    .action(async (flags: { file: string; db?: string; format?: string }) => {
      const format = formatFlag(flags.format);
      const raw = readJsonFile(flags.file, '--file');
      const def = (await runOnDatabase(flags.db, segmentCreateOperation, raw as Record<string, unknown>)) as SegmentDefinition;
      printResult(format === 'json' ? def : { rows: [{ id: def.id, name: def.name, conditions: def.conditions.length }] }, format);
    });

  segments
    .command('count <id>')
    .description("the segment's members now")
    .option('--db <file>', 'database file')
    .option('--format <format>', 'json, table or csv', 'table')
    .action(async (id: string, flags: { db?: string; format?: string }) => {
      const format = formatFlag(flags.format);
      const result = (await runOnDatabase(flags.db, segmentCountOperation, { id })) as SegmentCount;
      printResult(format === 'json' ? result : { rows: [result] }, format);
    });

  segments
    .command('compare <id>')
    .description("orders, revenue, AOV and conversion rate of the segment beside everyone's")
    .option('--db <file>', 'database file')
    .option('--format <format>', 'json, table or csv', 'table')
    .action(async (id: string, flags: { db?: string; format?: string }) => {
      const format = formatFlag(flags.format);
      const result = (await runOnDatabase(flags.db, segmentCompareOperation, { id })) as SegmentComparison;
      printResult(format === 'json' ? result : { rows: [{ group: 'segment', ...result.members }, { group: 'all', ...result.all }] }, format);
    });

  segments
    .command('export <id>')
    .description('the audience as CSV (customer_id, email_hash, anonymous_ids), to a file, stdout, or POSTed to a webhook in JSON chunks')
    .option('--out <file>', 'write the CSV here instead of stdout')
    .option('--webhook <url>', 'POST the members to this URL as JSON in chunks')
    .option('--chunk-size <n>', 'members per webhook POST', '500')
    .option('--db <file>', 'database file')
    .option('--format <format>', 'json, table or csv (for the push report)', 'table')
    .action(async (id: string, flags: { out?: string; webhook?: string; chunkSize: string; db?: string; format?: string }) => {
      const format = formatFlag(flags.format);
      if (flags.webhook !== undefined) {
        const webhook = checkWebhook(flags.webhook, '--webhook');
        const chunkSize = numberFlag(flags.chunkSize, '--chunk-size', { min: 1, max: 10_000, integer: true });
        const result = (await runOnDatabase(flags.db, segmentPushOperation, { id, webhook, chunk_size: chunkSize })) as PushResult;
        printResult(format === 'json' ? result : { rows: [{ ...result, failed: result.failed.length }] }, format);
        if (result.failed.length > 0) {
          throw new AppError('unavailable', `${result.failed.length} of ${result.batches} batch(es) failed; first: batch ${result.failed[0].batch}: ${result.failed[0].error}`);
        }
        return;
      }
      const csv = (await runOnDatabase(flags.db, segmentExportOperation, { id })) as string;
      if (flags.out) {
        try {
          writeFileSync(flags.out, csv);
        } catch (err) {
          throw new AppError('invalid_input', `--out: cannot write ${flags.out}: ${(err as Error).message}`, [{ path: '--out', message: 'cannot write' }]);
        }
        process.stderr.write(`roilens: wrote ${Math.max(0, csv.trimEnd().split('\n').length - 1)} member(s) to ${flags.out}\n`);
      } else process.stdout.write(csv);
    });
}
