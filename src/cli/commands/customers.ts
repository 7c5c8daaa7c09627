import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { ClvFitDocument, ClvPredictDocument } from '../../customers/index.js';
import {
  clvFitFromStore,
  clvReport,
  cohortsReport,
  customerProfileReport,
  funnelReport,
  ltvCacReport,
  rfmReport,
  type ClvReport,
  type ClvRequest,
  type CohortsReport,
  type CustomerProfileReport,
  type FunnelReport,
  type LtvCacReport,
  type RfmReport,
} from '../../reports/customers.js';
import {
  audienceCsv,
  checkWebhook,
  compareSegment,
  countSegment,
  createSegment,
  listSegments,
  pushSegment,
  segmentAudience,
  type PushResult,
  type SegmentComparison,
  type SegmentCount,
  type SegmentDefinition,
} from '../../reports/segments.js';
import { AppError } from '../../shared/errors.js';
import { parseFormat, printResult, type OutputFormat } from '../output.js';
import { numberFlag, readJsonFile } from '../read-input.js';
import { callServer, withStore, type RunningServerInfo } from '../store-access.js';

const query = (params: Record<string, string | number | undefined>) =>
  new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)])).toString();

function formatFlag(value: string | undefined): OutputFormat {
  try {
    return parseFormat(value);
  } catch (err) {
    throw new AppError('invalid_input', (err as Error).message, [{ path: '--format', message: 'expected json, table or csv' }]);
  }
}

/** Fetches a text (CSV) answer of the running server with the admin token. */
async function serverText(server: RunningServerInfo, path: string): Promise<string> {
  const res = await fetch(new URL(path, server.url), { headers: { authorization: `Bearer ${server.admin_token}` } });
  const text = await res.text();
  if (!res.ok) {
    let message = res.statusText;
    try {
      message = (JSON.parse(text) as { message?: string }).message ?? message;
    } catch { /* not JSON */ }
    throw new AppError(res.status === 404 ? 'not_found' : res.status === 400 ? 'invalid_input' : 'unavailable', `server ${server.url}: ${message}`);
  }
  return text;
}

// ---- store-backed branches of `rfm` and `clv fit|predict` (called from clv.ts when --transactions is absent) ----

/** `roilens rfm --db`: RFM over the store's sales. */
export function rfmFromDb(db: string | undefined, asOf: string | undefined): Promise<RfmReport> {
  return withStore(db, (store, ws) => rfmReport(store, ws.id, { as_of: asOf }), (server) => callServer<RfmReport>(server, `/v1/customers/rfm?${query({ as_of: asOf })}`));
}

/** `roilens clv fit --db`: the fit over the store's sales. */
export function clvFitFromDb(db: string | undefined, req: ClvRequest): Promise<ClvFitDocument> {
  return withStore(
    db,
    (store, ws) => clvFitFromStore(store, ws.id, req),
    async (server) => (await callServer<ClvReport>(server, `/v1/customers/clv?${query({ ...req, limit: 1 } as Record<string, string | number | undefined>)}`)).fit,
  );
}

/** `roilens clv predict --db`: every customer's P(alive), expected purchases and CLV, most valuable first. */
export async function clvPredictFromDb(db: string | undefined, req: ClvRequest): Promise<ClvPredictDocument> {
  const report = await withStore(
    db,
    (store, ws) => clvReport(store, ws.id, req),
    (server) => callServer<ClvReport>(server, `/v1/customers/clv?${query({ ...req, limit: 1_000_000 } as Record<string, string | number | undefined>)}`),
  );
  return { customers: report.customers };
}

/** Registers `customers profile|ltv-cac`, `segments list|create|count|compare|export`, `cohorts` and `funnel`. */
export function register(program: Command): void {
  const customers = program.command('customers').description('customer profiles and lifetime value by acquisition channel');

  customers
    .command('profile <id>')
    .description('one person: devices, first touch, acquisition channel, orders, revenue, traits and journey')
    .option('--db <file>', 'database file')
    .option('--format <format>', 'json, table or csv', 'table')
    .action(async (id: string, flags: { db?: string; format?: string }) => {
      const format = formatFlag(flags.format);
      const report = await withStore(
        flags.db,
        (store, ws) => customerProfileReport(store, ws.id, id),
        (server) => callServer<CustomerProfileReport>(server, `/v1/customers/${encodeURIComponent(id)}`),
      );
      if (format === 'json') return printResult(report, format);
      const { traits, ...profile } = report.profile;
      printResult({ rows: [{ ...profile, anonymous_ids: profile.anonymous_ids.join(' '), traits: JSON.stringify(traits) }] }, format);
    });

  customers
    .command('ltv-cac')
    .description('LTV:CAC and payback by acquisition channel (CAC = channel spend / new customers it acquired in the range)')
    .option('--from <date>', 'first day of acquisition (default 29 days before --to)')
    .option('--to <date>', 'last day of acquisition (default the last day with data)')
    .option('--period-days <days>', 'payback period length in days', '30')
    .option('--db <file>', 'database file')
    .option('--format <format>', 'json, table or csv', 'table')
    .action(async (flags: { from?: string; to?: string; periodDays: string; db?: string; format?: string }) => {
      const format = formatFlag(flags.format);
      const req = { from: flags.from, to: flags.to, period_days: numberFlag(flags.periodDays, '--period-days', { min: 1, max: 365, integer: true }) };
      const report = await withStore(flags.db, (store, ws) => ltvCacReport(store, ws.id, req), (server) => callServer<LtvCacReport>(server, `/v1/customers/ltv-cac?${query(req)}`));
      printResult(report, format);
    });

  program
    .command('cohorts')
    .description('retention and cumulative revenue per customer by acquisition month or week, or by acquisition channel')
    .option('--period <period>', 'month or week', 'month')
    .option('--by <group>', 'channel or campaign: one row per acquisition channel (campaign)')
    .option('--db <file>', 'database file')
    .option('--format <format>', 'json, table or csv', 'table')
    .action(async (flags: { period: string; by?: string; db?: string; format?: string }) => {
      const format = formatFlag(flags.format);
      const req = { period: flags.period, by: flags.by };
      const report = await withStore(flags.db, (store, ws) => cohortsReport(store, ws.id, req), (server) => callServer<CohortsReport>(server, `/v1/customers/cohorts?${query(req)}`));
      if (format === 'json') return printResult(report, format);
      const rows = report.cohorts.map((c) => {
        const row: Record<string, unknown> = { cohort: c.cohort, size: c.size };
        c.retention.forEach((r, k) => (row[`p${k}`] = `${(r * 100).toFixed(1)}%`));
        return row;
      });
      printResult({ rows }, format);
    });

  program
    .command('funnel')
    .description('CRM funnel: lead → MQL → SQL → opportunity → customer, rates, median days, cost per MQL and SQL')
    .option('--from <date>', 'first day leads were created (default 29 days before --to)')
    .option('--to <date>', 'last day (default the last day with data)')
    .option('--by <group>', 'channel or campaign (rows per credited channel or campaign)')
    .option('--db <file>', 'database file')
    .option('--format <format>', 'json, table or csv', 'table')
    .action(async (flags: { from?: string; to?: string; by?: string; db?: string; format?: string }) => {
      const format = formatFlag(flags.format);
      const req = { from: flags.from, to: flags.to, by: flags.by };
      const report = await withStore(flags.db, (store, ws) => funnelReport(store, ws.id, req), (server) => callServer<FunnelReport>(server, `/v1/customers/funnel?${query(req)}`));
      if (format === 'json') return printResult(report, format);
      printResult({ rows: report.stages }, format);
      if (format === 'table') process.stdout.write(`spend ${report.spend.toFixed(2)}; cost per MQL ${report.cost_per_mql?.toFixed(2) ?? '—'}; cost per SQL ${report.cost_per_sql?.toFixed(2) ?? '—'}\n`);
    });

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
      const result = await withStore(flags.db, (store, ws) => listSegments(store, ws.id), (server) => callServer<{ segments: SegmentDefinition[] }>(server, '/v1/segments'));
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
      const def = await withStore(
        flags.db,
        (store, ws) => createSegment(store, ws.id, raw),
        (server) => callServer<SegmentDefinition>(server, '/v1/segments', { method: 'POST', body: JSON.stringify(raw), contentType: 'application/json' }),
      );
      printResult(format === 'json' ? def : { rows: [{ id: def.id, name: def.name, conditions: def.conditions.length }] }, format);
    });

  segments
    .command('count <id>')
    .description("the segment's members now")
    .option('--db <file>', 'database file')
    .option('--format <format>', 'json, table or csv', 'table')
    .action(async (id: string, flags: { db?: string; format?: string }) => {
      const format = formatFlag(flags.format);
      const result = await withStore(flags.db, (store, ws) => countSegment(store, ws.id, id), (server) => callServer<SegmentCount>(server, `/v1/segments/${encodeURIComponent(id)}/count`));
      printResult(format === 'json' ? result : { rows: [result] }, format);
    });

  segments
    .command('compare <id>')
    .description("orders, revenue, AOV and conversion rate of the segment beside everyone's")
    .option('--db <file>', 'database file')
    .option('--format <format>', 'json, table or csv', 'table')
    .action(async (id: string, flags: { db?: string; format?: string }) => {
      const format = formatFlag(flags.format);
      const result = await withStore(flags.db, (store, ws) => compareSegment(store, ws.id, id), (server) => callServer<SegmentComparison>(server, `/v1/segments/${encodeURIComponent(id)}/compare`));
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
        const result = await withStore(
          flags.db,
          (store, ws) => pushSegment(store, ws.id, id, { webhook, chunkSize }),
          (server) => callServer<PushResult>(server, `/v1/segments/${encodeURIComponent(id)}/push`, { method: 'POST', body: JSON.stringify({ webhook, chunk_size: chunkSize }), contentType: 'application/json' }),
        );
        printResult(format === 'json' ? result : { rows: [{ ...result, failed: result.failed.length }] }, format);
        if (result.failed.length > 0) {
          throw new AppError('unavailable', `${result.failed.length} of ${result.batches} batch(es) failed; first: batch ${result.failed[0].batch}: ${result.failed[0].error}`);
        }
        return;
      }
      const csv = await withStore(
        flags.db,
        async (store, ws) => audienceCsv((await segmentAudience(store, ws.id, id)).members),
        (server) => serverText(server, `/v1/segments/${encodeURIComponent(id)}/export`),
      );
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
