import type { Command } from 'commander';
import { importData, importKinds, type ImportOutcome } from '../../ingest/importer.js';
import { AppError } from '../../shared/errors.js';
import { parseFormat, printResult } from '../output.js';
import { readTextFile } from '../read-input.js';
import { callServer, withStore } from '../store-access.js';

export function register(program: Command): void {
  program
    .command('import')
    .description(`Import a file: ${importKinds.join(', ')} (CSV; events as JSON lines). Valid rows are stored, bad rows reported by line.`)
    .argument('<kind>', importKinds.join('|'))
    .argument('<file>', 'the file to import')
    .option('--channel <channel>', 'channel of every spend row (e.g. paid_search for a Google Ads export)')
    .option('--format <format>', 'table|json', 'table')
    .option('--db <file>', 'database file')
    .action(async (kind: string, file: string, opts) => {
      const format = parseFormat(opts.format);
      if (!(importKinds as readonly string[]).includes(kind)) {
        throw new AppError('invalid_input', `kind: must be one of ${importKinds.join(', ')}, got "${kind}"`);
      }
      const text = readTextFile(file, '<file>');
      const outcome = await withStore(
        opts.db,
        (store, workspace) => importData(kind, text, { store, workspace }, { channel: opts.channel }),
        (server) =>
          callServer<ImportOutcome>(server, `/v1/import/${kind}${opts.channel ? `?channel=${encodeURIComponent(opts.channel)}` : ''}`, {
            method: 'POST', body: text, contentType: kind === 'events' ? 'application/x-ndjson' : 'text/csv',
          }),
      );
      if (format === 'json') printResult(outcome, 'json');
      else {
        const replaced = outcome.replaced ? `, replaced ${outcome.replaced} earlier rows` : '';
        process.stdout.write(`imported ${outcome.stored} ${kind} rows${outcome.layout ? ` (${outcome.layout} layout)` : ''}${replaced}\n`);
      }
      if (outcome.errors.length > 0) {
        for (const e of outcome.errors.slice(0, 100)) process.stderr.write(`${file}: ${e.path}: ${e.message}\n`);
        if (outcome.errors.length > 100) process.stderr.write(`… and ${outcome.errors.length - 100} more errors\n`);
        process.stderr.write(`${outcome.errors.length} rows rejected; the valid rows were stored\n`);
        process.exitCode = 1;
      }
    });
}
