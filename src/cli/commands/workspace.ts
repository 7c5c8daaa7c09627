import type { Command } from 'commander';
import { invalid } from '../../shared/errors.js';
import { updateWorkspaceSettings, workspaceSettings, type WorkspaceChange } from '../../reports/workspace-settings.js';
import { parseFormat, printResult } from '../output.js';
import { callServer, withStore } from '../store-access.js';

type Settings = Awaited<ReturnType<typeof workspaceSettings>>;

/** `--max-order-amount`, `--fallback-url`, … spelled as the flag a user typed. */
const flag = (key: keyof WorkspaceChange) => `--${key.replace(/_/g, '-')}`;

/** Words that clear a setting back to its default. */
const cleared = new Set(['none', 'default', 'null']);

/** The change the flags ask for, in the shape of `PATCH /v1/workspace`. */
function changeFromFlags(opts: Record<string, string | undefined>): WorkspaceChange {
  const change: WorkspaceChange = {};
  for (const key of ['name', 'currency', 'timezone', 'margin', 'calendar'] as const) if (opts[key] !== undefined) change[key] = opts[key];
  if (opts.irrDisplay !== undefined) change.irr_display = opts.irrDisplay;
  if (opts.fallbackUrl !== undefined) change.fallback_url = cleared.has(opts.fallbackUrl) ? null : opts.fallbackUrl;
  if (opts.maxOrderAmount !== undefined) change.max_order_amount = cleared.has(opts.maxOrderAmount) ? null : opts.maxOrderAmount;
  if (opts.revenueSources !== undefined) change.revenue_sources = cleared.has(opts.revenueSources) ? null : opts.revenueSources;
  if (opts.retentionDays !== undefined) {
    if (opts.retentionDays === 'forever' || cleared.has(opts.retentionDays)) change.retention_days = null;
    else if (/^\d+$/.test(opts.retentionDays)) change.retention_days = Number(opts.retentionDays);
    else throw invalid(flag('retention_days'), 'must be a whole number of days or "forever"');
  }
  return change;
}

/** `roilens workspace show|set`: the workspace's currency, time zone, margin, calendar and the rest of its settings. */
export function register(program: Command): void {
  const workspace = program.command('workspace').description("the workspace's settings (currency, time zone, margin, calendar, revenue sources, retention …)");

  workspace
    .command('show')
    .description('print the workspace and its settings')
    .option('--format <format>', 'table|json', 'table')
    .option('--db <file>', 'database file')
    .action(async (opts) => {
      const format = parseFormat(opts.format);
      const answer = await withStore<Settings>(opts.db, (store, ws) => workspaceSettings(store, ws.id), (server) => callServer<Settings>(server, '/v1/workspace'));
      if (format === 'json') printResult(answer, 'json');
      else printResult(Object.entries(answer).map(([setting, value]) => ({ setting, value: value === null ? '—' : String(value) })), format);
    });

  workspace
    .command('set')
    .description('change settings; each is checked before any is saved ("none" clears the fallback URL, maximum order amount and revenue sources)')
    .option('--name <name>', 'the workspace name')
    .option('--currency <code>', 'ISO 4217 base currency (reports convert through the rates table)')
    .option('--timezone <zone>', 'IANA time zone: where report days begin (Asia/Tehran, Asia/Ho_Chi_Minh, UTC …)')
    .option('--margin <decimal>', 'gross margin from 0 to 1 (profit = revenue × margin − spend)')
    .option('--calendar <kind>', 'gregorian|jalali: month buckets, presets and week start')
    .option('--irr-display <unit>', 'rial|toman: how the dashboard shows IRR amounts')
    .option('--fallback-url <url>', 'where disabled and deleted tracking links send visitors')
    .option('--max-order-amount <amount>', 'the largest amount one order or conversion may carry, in the base currency')
    .option('--revenue-sources <mode>', 'verified|all: which revenue reports count')
    .option('--retention-days <days>', 'delete raw events older than this; "forever" keeps them')
    .option('--db <file>', 'database file')
    .action(async (opts) => {
      const change = changeFromFlags(opts);
      if (Object.keys(change).length === 0) throw invalid('set', 'name at least one setting to change, e.g. --timezone Asia/Tehran');
      await withStore(
        opts.db,
        (store, ws) => updateWorkspaceSettings(store, ws.id, change, flag),
        (server) => callServer(server, '/v1/workspace', { method: 'PATCH', body: JSON.stringify(change), contentType: 'application/json' }),
      );
      process.stdout.write(`saved: ${Object.keys(change).join(', ')}\n`);
    });
}
