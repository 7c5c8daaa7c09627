import type { Command } from 'commander';
import { dbPathFrom } from '../../config/config.js';
import { applyRetention, parseRetentionDays, setRetentionDays, type RetentionRun } from '../../privacy/retention.js';
import { invalid } from '../../shared/errors.js';
import { parseFormat, printResult } from '../output.js';
import { callServer, withStore } from '../store-access.js';
import { withSpoolDrained } from './spool-pipeline.js';

/** `roilens retention set|apply`: the workspace's retention period for raw events (issue 12 #14). */
export function register(program: Command): void {
  const retention = program.command('retention').description("the workspace's retention period: raw events older than it are deleted");

  retention
    .command('set')
    .argument('<days>', 'whole days (1–36500), or "forever" to keep every event')
    .description('set the retention period (the running server applies it hourly)')
    .option('--db <file>', 'database file')
    .action(async (raw: string, opts) => {
      const days = raw === 'forever' ? null : /^\d+$/.test(raw) ? parseRetentionDays(Number(raw), '<days>') : (() => { throw invalid('<days>', 'must be a whole number of days or "forever"'); })();
      await withStore(
        opts.db,
        (store, ws) => setRetentionDays(store, ws.id, days),
        (server) => callServer(server, '/v1/workspace', { method: 'PATCH', body: JSON.stringify({ retention_days: days }), contentType: 'application/json' }).then(() => undefined),
      );
      process.stdout.write(days === null ? 'events are kept forever\n' : `events older than ${days} days will be deleted\n`);
    });

  retention
    .command('apply')
    .description('delete the events older than the retention period now, then compact the database')
    .option('--format <format>', 'table|json', 'table')
    .option('--db <file>', 'database file')
    .action(async (opts) => {
      const format = parseFormat(opts.format);
      const answer = await withStore<RetentionRun>(
        opts.db,
        (store, ws) => withSpoolDrained(store, dbPathFrom(opts.db), (pipeline) => applyRetention(store, pipeline, ws.id)),
        (server) => callServer<RetentionRun>(server, '/v1/retention/apply', { method: 'POST' }),
      );
      if (format === 'json') printResult(answer, 'json');
      else if (answer.retention_days === null) process.stdout.write('no retention period is set: every event is kept (roilens retention set DAYS)\n');
      else process.stdout.write(`deleted ${answer.deleted} events before ${answer.cutoff} (retention ${answer.retention_days} days)${answer.compacted ? '; database compacted' : ''}\n`);
    });
}
