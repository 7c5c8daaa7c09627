import type { Command } from 'commander';
import { AppError } from '../../shared/errors.js';
import { parseFormat, printResult } from '../output.js';
import { callServer, withStore } from '../store-access.js';

interface MintedCode { code: string; expires_at: string; url: string }

/**
 * `roilens signin-link`: a fresh dashboard link for the server running on `--db`, for whoever lost
 * the one `roilens start` printed. The link carries a single-use code (15 minutes), never the admin
 * token; the running server mints it (`POST /v1/session/codes`), since it alone holds the codes.
 */
export function register(program: Command): void {
  program
    .command('signin-link')
    .description('print a fresh dashboard sign-in link (single-use, valid 15 minutes) for the server running on the database')
    .option('--format <format>', 'table|json', 'table')
    .option('--db <file>', 'database file')
    .action(async (opts) => {
      const format = parseFormat(opts.format);
      const minted = await withStore<MintedCode>(
        opts.db,
        async () => {
          throw new AppError('unavailable', 'no roilens server is running on this database: `roilens start` serves it and prints a sign-in link');
        },
        async (server) => {
          const answer = await callServer<MintedCode>(server, '/v1/session/codes', { method: 'POST' });
          // The server names itself as the CLI reached it; the link uses the address the server printed.
          return { ...answer, url: `${server.url.replace(/\/+$/, '')}/#code=${encodeURIComponent(answer.code)}` };
        },
      );
      if (format === 'json') printResult({ url: minted.url, expires_at: minted.expires_at }, 'json');
      else process.stdout.write(`${minted.url}\nOpen it within 15 minutes (until ${minted.expires_at}); it signs in once.\n`);
    });
}
