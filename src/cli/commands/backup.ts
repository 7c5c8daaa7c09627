import type { Command } from 'commander';
import { DuckDbStore } from '../../store/duckdb/duckdb-store.js';
import type { ScaleStore } from '../../store/scale/scale-store.js';
import { readScaleConfig } from '../../config/scale-config.js';
import { writeBackup } from '../../store/snapshot/backup-file.js';
import { restoreBackup } from '../../store/snapshot/restore.js';
import { parseFormat, printResult } from '../output.js';
import { resolveDatabase } from '../store-access.js';
import { defaultWorkspaceId, openScaleStore } from '../../server/start.js';
import { ensureOwnerKey } from '../../server/open-workspace.js';

/** Progress on a terminal only: piped runs keep stderr for errors. */
const progress = (msg: string) => process.stderr.isTTY && process.stderr.write(`\r\x1b[K${msg}`);

/** The store of `--config` (PostgreSQL + ClickHouse) or of `--db` (DuckDB; `create`: a missing file is made). */
async function storeOf(opts: { config?: string; db?: string }, create: boolean): Promise<DuckDbStore | ScaleStore> {
  if (opts.config !== undefined) return openScaleStore(readScaleConfig(String(opts.config)));
  return DuckDbStore.open(resolveDatabase(opts.db, { create }));
}

/** `roilens backup` / `roilens restore`: the whole installation or one workspace as one checked file. */
export function register(program: Command): void {
  program
    .command('backup')
    .description('write the installation (or one workspace) to one file: settings, keys (hashed), links, documents, rates, spend, orders, leads and events, with a format version and a checksum')
    .requiredOption('--out <file>', 'the backup file to write (gzip-compressed JSON lines)')
    .option('--workspace <id>', 'only this workspace (default: the whole installation)')
    .option('--db <file>', 'database file (default ./data/roilens.duckdb, or ROILENS_DB)')
    .option('--config <file>', 'the scale-out stores instead (roilens.scale.yaml: PostgreSQL + ClickHouse)')
    .option('--format <format>', 'table|json', 'table')
    .action(async (opts) => {
      const format = parseFormat(opts.format);
      const store = await storeOf(opts, false);
      try {
        // A database of an older release never started since: its plain admin token becomes the hashed owner key first, so no backup carries it.
        if (await store.getWorkspace(defaultWorkspaceId)) await ensureOwnerKey(store, defaultWorkspaceId, false);
        const exp = await store.exporter();
        try {
          const written = await writeBackup(exp, String(opts.out), opts.workspace === undefined ? {} : { workspaceId: String(opts.workspace) });
          printResult({ file: String(opts.out), ...written.header, counts: written.counts }, format === 'json' ? 'json' : 'table');
        } finally {
          exp.close();
        }
      } finally {
        await store.close();
      }
    });

  program
    .command('restore')
    .argument('<file>', 'a file written by roilens backup')
    .description('restore a backup (every workspace in it, or one) into the database; a workspace that exists is refused unless --replace')
    .option('--workspace <id>', 'only this workspace of the backup')
    .option('--replace', 'replace workspaces that exist (their current data is deleted first)')
    .option('--db <file>', 'database file (created when missing)')
    .option('--config <file>', 'the scale-out stores instead (roilens.scale.yaml: PostgreSQL + ClickHouse)')
    .option('--format <format>', 'table|json', 'table')
    .action(async (file: string, opts) => {
      const format = parseFormat(opts.format);
      const store = await storeOf(opts, true);
      try {
        const report = await restoreBackup(file, store, { workspaceId: opts.workspace === undefined ? undefined : String(opts.workspace), replace: opts.replace === true }, progress);
        if (process.stderr.isTTY) process.stderr.write('\n');
        printResult(report, format === 'json' ? 'json' : 'table');
      } finally {
        await store.close();
      }
    });
}
