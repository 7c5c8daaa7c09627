/**
 * `roilens audit list|export|verify` (issue 15; beside `commands/`, which is at its size limit). `list` and `verify` are made from their operations;
 * `export` runs `audit.export` page after page (in process or through the running server) and writes
 * each page as it arrives, so a long log never sits in memory whole: JSON as one array, CSV with one
 * header. Every page read is recorded in the log as an export.
 */
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { Command } from 'commander';
import { stringify } from 'csv-stringify/sync';
import { auditExportOperation, auditListOperation, auditVerifyOperation } from '../operations/admin/audit.js';
import { csvSafeCell } from '../shared/csv-safe.js';
import { invalid } from '../shared/errors.js';
import { withOperations } from './call-operation.js';
import { registerOperationCommand } from './operation-commands.js';

const columns = ['seq', 'id', 'at', 'actor_kind', 'actor_id', 'surface', 'ip', 'user_agent', 'operation', 'target_kind', 'target_id', 'before', 'after', 'prev_hash', 'hash'] as const;

type Entry = Record<(typeof columns)[number], unknown>;

function csvLine(cells: readonly unknown[]): string {
  return stringify([cells.map(csvSafeCell)]);
}

function cellOf(entry: Entry, column: (typeof columns)[number]): unknown {
  const v = entry[column];
  return column === 'before' || column === 'after' ? (v === null ? '' : JSON.stringify(v)) : (v ?? '');
}

/** Writes `text` and waits while the stream is full (a slow pipe or disk). */
async function write(out: Writable, text: string): Promise<void> {
  if (!out.write(text)) await new Promise((resolve) => out.once('drain', resolve));
}

export function register(program: Command): void {
  program.command('audit').description('the audit log: every change, export and share-link view, with who, when, from where, before and after');
  registerOperationCommand(program, auditListOperation);
  registerOperationCommand(program, auditVerifyOperation);
  program.commands.find((c) => c.name() === 'audit')!
    .command('export')
    .description('write the whole audit log (or the entries the filters keep), newest first, as JSON or CSV, page by page')
    .option('--format <format>', 'json|csv', 'json')
    .option('--out <file>', 'write to this file instead of standard output')
    .option('--actor <id>', 'a person or key id, operator, admin-token or a share link id')
    .option('--operation <name>', 'an operation name, e.g. links.update')
    .option('--from <when>', 'a date (YYYY-MM-DD) or ISO instant')
    .option('--to <when>', 'a date (YYYY-MM-DD, the whole day) or ISO instant')
    .option('--workspace <id>', 'the workspace to act in (default: default)')
    .option('--db <file>', 'database file')
    .action(async (opts) => {
      const format = String(opts.format);
      if (format !== 'json' && format !== 'csv') throw invalid('--format', `expected json or csv, got "${format}"`);
      const filters = Object.fromEntries(['actor', 'operation', 'from', 'to'].filter((k) => opts[k] !== undefined).map((k) => [k, String(opts[k])]));
      const out: Writable = opts.out ? createWriteStream(String(opts.out)) : process.stdout;
      let count = 0;
      await withOperations(opts.db, async (call) => {
        await write(out, format === 'json' ? '[' : csvLine(columns));
        for (let cursor: string | null = null, first = true; first || cursor !== null; first = false) {
          const page = (await call(auditExportOperation.name, { ...filters, ...(cursor ? { cursor } : {}) })) as { entries: Entry[]; next_cursor: string | null };
          for (const e of page.entries) {
            await write(out, format === 'json' ? `${count ? ',' : ''}\n${JSON.stringify(e)}` : csvLine(columns.map((c) => cellOf(e, c))));
            count++;
          }
          cursor = page.next_cursor;
        }
        if (format === 'json') await write(out, '\n]\n');
      }, { workspace: opts.workspace });
      if (opts.out) {
        out.end();
        await finished(out);
        process.stderr.write(`wrote ${count} entries to ${opts.out}\n`);
      }
    });
}
