import type { Command } from 'commander';
import { importData, importKinds, type ImportOutcome } from '../../ingest/importer.js';
import { AppError } from '../../shared/errors.js';
import { spendReplaceModes } from '../../store/spend-ranges.js';
import { parseFormat, printResult, renderTable } from '../output.js';
import { terminalProgress } from '../progress.js';
import { readTextFile } from '../read-input.js';
import { callServer, withStore } from '../store-access.js';

export function register(program: Command): void {
  program
    .command('import')
    .description(`Import a file: ${importKinds.join(', ')} (CSV; events as JSON lines). Valid rows are stored, bad rows reported by line.`)
    .argument('<kind>', importKinds.join('|'))
    .argument('<file>', 'the file to import')
    .option('--channel <channel>', 'channel of every spend row (e.g. paid_search for a Google Ads export)')
    .option('--source <source>', 'source of every spend row (default: the export\'s platform, a source column, else generic)')
    .option('--replace <mode>', 'spend: keys (replace stored rows with the same source, account, campaign, ad and date) or range (the source\'s whole date range)', 'keys')
    .option('--dry-run', 'parse and count what the import would insert, replace and remove, without writing')
    .option('--format <format>', 'table|json', 'table')
    .option('--db <file>', 'database file')
    .action(async (kind: string, file: string, opts) => {
      const format = parseFormat(opts.format);
      if (!(importKinds as readonly string[]).includes(kind)) {
        throw new AppError('invalid_input', `kind: must be one of ${importKinds.join(', ')}, got "${kind}"`);
      }
      if (!(spendReplaceModes as readonly string[]).includes(opts.replace)) {
        throw new AppError('invalid_input', `--replace: must be one of ${spendReplaceModes.join(', ')}, got "${opts.replace}"`);
      }
      const text = readTextFile(file, '<file>');
      const progress = terminalProgress(`import ${kind}`);
      const options = { channel: opts.channel, source: opts.source, replace: opts.replace, dryRun: Boolean(opts.dryRun), onProgress: (done: number, total: number) => progress.update(done, total, 'events') };
      const query = new URLSearchParams();
      if (opts.channel) query.set('channel', opts.channel);
      if (opts.source) query.set('source', opts.source);
      if (kind === 'spend') query.set('replace', opts.replace);
      if (opts.dryRun) query.set('dry_run', '1');
      const outcome = await withStore(
        opts.db,
        (store, workspace) => importData(kind, text, { store, workspace }, options),
        (server) =>
          callServer<ImportOutcome>(server, `/v1/import/${kind}${query.size ? `?${query}` : ''}`, {
            method: 'POST', body: text, contentType: kind === 'events' ? 'application/x-ndjson' : 'text/csv',
          }),
      ).finally(() => progress.end());
      if (format === 'json') printResult(outcome, 'json');
      else process.stdout.write(renderImport(outcome));
      for (const w of outcome.warnings ?? []) process.stderr.write(`${file}: warning${w.line ? ` (line ${w.line})` : ''}: ${w.message}\n`);
      if (outcome.errors.length > 0) {
        for (const e of outcome.errors.slice(0, 100)) process.stderr.write(`${file}: ${e.path}: ${e.message}\n`);
        if (outcome.errors.length > 100) process.stderr.write(`… and ${outcome.errors.length - 100} more errors\n`);
        process.stderr.write(`${outcome.errors.length} rows rejected; the valid rows were ${outcome.dry_run ? 'counted (dry run)' : 'stored'}\n`);
        process.exitCode = 1;
      }
    });
}

/** The table form of an import's answer: one line of totals, and for spend a table by channel. */
export function renderImport(o: ImportOutcome): string {
  const dry = o.dry_run ? 'dry run, nothing written: ' : '';
  if (o.kind !== 'spend') return `${dry}${o.dry_run ? `${o.valid} valid` : `imported ${o.stored}`} ${o.kind} rows\n`;
  const head = `${dry}spend${o.layout ? ` (${o.layout} layout)` : ''}: inserted ${o.inserted ?? 0}, replaced ${o.replaced ?? 0}, removed ${o.removed ?? 0}\n`;
  if (!o.by_channel?.length) return head;
  const rows = o.by_channel.map((c) => ({ channel: c.channel, inserted: c.inserted, replaced: c.replaced, removed: c.removed, spend: c.spend === null ? 'mixed' : `${c.spend}${c.currency ? ` ${c.currency}` : ''}` }));
  return `${head}${renderTable(rows)}\n`;
}
