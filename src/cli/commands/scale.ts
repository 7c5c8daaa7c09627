import type { Command } from 'commander';
import { readScaleConfig, scaleConfigFromEnv, type ScaleSettings } from '../../config/scale-config.js';
import { defaultWriterSettings } from '../../config/queue-config.js';
import { queueConfigFromScale } from '../../config/queue-config.js';
import { QueueWriter } from '../../queue/queue-writer.js';
import { openScaleStore } from '../../server/start.js';
import { AppError } from '../../shared/errors.js';
import { DuckDbStore } from '../../store/duckdb/duckdb-store.js';
import { migrateStore } from '../../store/migrate.js';
import { parseFormat, printResult } from '../output.js';
import { numberFlag } from '../read-input.js';
import { resolveDatabase } from '../store-access.js';

function scaleSettings(file: string | undefined, flag: string): ScaleSettings {
  const cfg = file ? readScaleConfig(file) : scaleConfigFromEnv();
  if (!cfg) throw new AppError('invalid_input', `${flag}: give a scale configuration file (see roilens.scale.yaml) or set ROILENS_CLICKHOUSE_URL and ROILENS_POSTGRES_URL`);
  return cfg;
}

/** Scale-out commands: the queue writer and the migration of an embedded workspace. */
export function register(program: Command): void {
  program
    .command('writer')
    .description('scale-out: move accepted events from NATS JetStream into ClickHouse (acknowledged only once stored)')
    .option('--config <file>', 'scale configuration (roilens.scale.yaml); or ROILENS_CLICKHOUSE_URL, ROILENS_POSTGRES_URL, ROILENS_NATS_URL')
    .option('--batch-messages <n>', 'messages per insert', String(defaultWriterSettings.batchMessages))
    .option('--flush-ms <ms>', 'longest wait for a batch (at least 1000)', String(defaultWriterSettings.flushIntervalMs))
    .action(async (opts) => {
      const cfg = scaleSettings(opts.config, '--config');
      const store = await openScaleStore(cfg);
      const writer = await QueueWriter.connect(queueConfigFromScale(cfg.nats), store, {
        ...defaultWriterSettings,
        batchMessages: numberFlag(opts.batchMessages, '--batch-messages', { integer: true, min: 1 })!,
        flushIntervalMs: numberFlag(opts.flushMs, '--flush-ms', { integer: true, min: 1000 })!,
      }, { log: (m) => process.stderr.write(`${m}\n`) });
      writer.start();
      process.stdout.write(`roilens writer: consuming ${cfg.nats.stream} into ClickHouse ${cfg.clickhouse.url}\n`);
      await new Promise<void>((resolve) => {
        process.once('SIGTERM', () => resolve());
        process.once('SIGINT', () => resolve());
      });
      await writer.stop();
      await store.close();
    });

  program
    .command('migrate')
    .description('copy every workspace of a DuckDB file into the scale-out stores (PostgreSQL + ClickHouse), then verify the totals')
    .requiredOption('--to <config>', 'scale configuration (roilens.scale.yaml)')
    .option('--db <file>', 'the DuckDB file to copy (default ./data/roilens.duckdb)')
    .option('--format <format>', 'table|json', 'table')
    .action(async (opts) => {
      const format = parseFormat(opts.format);
      const cfg = scaleSettings(opts.to, '--to');
      // A missing file is refused, not created empty and copied as nothing.
      const source = await DuckDbStore.open(resolveDatabase(opts.db));
      const target = await openScaleStore(cfg);
      try {
        // Progress on a terminal only: piped runs keep stderr for errors.
        const progress = process.stderr.isTTY;
        const report = await migrateStore(source, target, (m) => progress && process.stderr.write(`\r\x1b[K${m}`));
        if (progress) process.stderr.write('\n');
        printResult(report, format === 'json' ? 'json' : 'table');
        const mismatch = report.workspaces.find((w) => w.verified && (w.verified.conversions[0] !== w.verified.conversions[1] || Number(w.verified.spend[0]) !== Number(w.verified.spend[1]) || w.verified.unique_visitors[0] !== w.verified.unique_visitors[1]));
        if (mismatch) throw new AppError('conflict', `workspace ${mismatch.id}: totals differ after the copy (${JSON.stringify(mismatch.verified)})`);
      } finally {
        await target.close();
        await source.close();
      }
    });
}
