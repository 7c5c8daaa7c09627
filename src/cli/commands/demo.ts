import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { isCalendarDate, yesterdayUtc } from '../../demo/world/calendar.js';
import { generateDemoWorld } from '../../demo/generate.js';
import { loadWorld } from '../../demo/load-world.js';
import { invalid } from '../../shared/errors.js';
import { numberFlag } from '../read-input.js';
import { parseFormat, printResult } from '../output.js';
import { terminalProgress } from '../progress.js';
import { withStore } from '../store-access.js';

export function register(program: Command): void {
  program
    .command('demo')
    .description('Write a deterministic simulated marketing world into the database, and its ground truth')
    .option('--seed <n>', 'random seed', '42')
    .option('--days <n>', 'days of history', '90')
    .option('--visitors <n>', 'simulated people', '100000')
    .option('--end-date <date>', 'last day of the world, YYYY-MM-DD (default: yesterday, UTC); the same seed, days, visitors and end date give the same world')
    .option('--currency <code>', 'workspace currency: EUR, USD, IRR or VND', 'EUR')
    .option('--truth <file>', 'write the ground truth (JSON) here')
    .option('--format <format>', 'table|json', 'table')
    .option('--db <file>', 'database file (created when missing)')
    .action(async (opts) => {
      const format = parseFormat(opts.format);
      const seed = numberFlag(opts.seed, '--seed', { integer: true, min: 0 })!;
      const days = numberFlag(opts.days, '--days', { integer: true, min: 1, max: 3650 })!;
      const visitors = numberFlag(opts.visitors, '--visitors', { integer: true, min: 1, max: 10_000_000 })!;
      const endDate: string = opts.endDate ?? yesterdayUtc(new Date());
      if (!isCalendarDate(endDate)) throw invalid('--end-date', `expected a date written YYYY-MM-DD, got "${endDate}"`);
      const started = Date.now();
      const progress = terminalProgress('demo');
      progress.update(0, 0, 'generating');
      const world = generateDemoWorld({ seed, days, visitors, endDate, currency: String(opts.currency).toUpperCase() });
      // Not an operation: the demo writes a generated world straight into a file it may create (a server loads its own at start).
      const summary = await withStore(
        opts.db,
        async (store, workspace) => {
          if (workspace.currency !== world.truth.currency) await store.updateWorkspace(workspace.id, { currency: world.truth.currency });
          let events: number;
          try {
            ({ events } = await loadWorld(store, workspace.id, world, (p) => progress.update(p.done, p.total, p.step)));
          } finally {
            progress.end();
          }
          return {
            seed, days, visitors,
            end_date: world.truth.end_date,
            from: world.truth.start_date, to: world.truth.end_date, currency: world.truth.currency,
            events_generated: world.events.length, events_stored: events,
            spend_rows: world.spend.length, orders: world.orders.length, leads: world.leads.length,
            seconds: Number(((Date.now() - started) / 1000).toFixed(2)),
          };
        },
        undefined,
        { create: true },
      );
      if (opts.truth) writeFileSync(opts.truth, JSON.stringify(world.truth, null, 2));
      if (format === 'json') printResult(summary, 'json');
      else {
        process.stdout.write(
          `demo world: ${summary.events_stored} new events (${summary.events_generated} generated), ${summary.spend_rows} spend rows, ` +
            `${summary.orders} orders, ${summary.leads} leads, ${summary.from} – ${summary.to}, in ${summary.seconds} s${opts.truth ? `; truth in ${opts.truth}` : ''}\n` +
            `end date ${summary.end_date}: --seed ${seed} --days ${days} --visitors ${visitors} --end-date ${summary.end_date} gives this world again\n`,
        );
      }
    });
}
