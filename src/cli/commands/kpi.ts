import type { Command } from 'commander';
import { kpiReport, type KpiRequest } from '../../reports/kpi.js';
import type { KpiReport } from '../../metrics/kpi-report.js';
import { parseFormat, printResult } from '../output.js';
import { callServer, withStore } from '../store-access.js';

const tableMetrics = ['spend', 'impressions', 'clicks', 'sessions', 'leads', 'conversions', 'cpa', 'revenue', 'roas', 'roi'];

export function register(program: Command): void {
  program
    .command('kpi')
    .description('Every KPI by channel, campaign, ad, source_medium, landing_page, country, device, day, week or month')
    .option('--by <dimension>', 'group rows by this dimension', 'channel')
    .option('--from <date>', 'first day (YYYY-MM-DD); default 29 days before --to')
    .option('--to <date>', 'last day (YYYY-MM-DD); default the last day with data')
    .option('--metrics <list>', 'comma-separated metric names (default: all in json/csv, the main ones in a table)')
    .option('--compare <mode>', 'previous|none: compare with the previous period', 'previous')
    .option('--lookback <days>', 'last-click lookback window in days', '30')
    .option('--model <model>', 'attribution model of conversions and revenue with --by channel|campaign|ad (default last-non-direct)')
    .option('--format <format>', 'table|json|csv', 'table')
    .option('--db <file>', 'database file')
    .action(async (opts) => {
      const format = parseFormat(opts.format);
      const req: KpiRequest = { by: opts.by, from: opts.from, to: opts.to, compare: opts.compare, lookback: opts.lookback, model: opts.model, metrics: opts.metrics ?? (format === 'table' ? tableMetrics.join(',') : undefined) };
      const report = await withStore(
        opts.db,
        (store, ws) => kpiReport(store, ws.id, req),
        (server) => callServer<KpiReport>(server, `/v1/kpis?${new URLSearchParams(Object.entries(req).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)]))}`),
      );
      if (format === 'table') {
        const { paid, ...totals } = report.totals;
        const totalRow = { [report.by ?? 'total']: 'TOTAL', ...totals };
        const paidRow = paid ? [{ [report.by ?? 'total']: 'PAID CHANNELS', spend: paid.spend, revenue: paid.revenue, cpa: paid.cpa, roas: paid.roas, roi: paid.roi }] : [];
        printResult({ rows: [...report.rows, totalRow, ...paidRow] }, 'table');
        for (const w of report.warnings) process.stderr.write(`warning: ${w}\n`);
      } else printResult(report, format);
    });
}
