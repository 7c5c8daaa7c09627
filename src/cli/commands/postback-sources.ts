import type { Command } from 'commander';
import { createPostbackSource, listPostbackSources } from '../../ingest/postback-sources.js';
import { parseFormat, printResult } from '../output.js';
import { callServer, withStore } from '../store-access.js';

interface CreatedSource { id: string; name: string; ip_allow: string[]; secret: string }

/** `roilens postback-sources create|list` (issue 12 #1): the operator's side of POST/GET /v1/postback-sources. */
export function register(program: Command): void {
  const sources = program.command('postback-sources').description('postback sources: each network or shop system that reports sales server to server, with its own secret');

  sources
    .command('create')
    .description('create a source; prints its id and secret (shown once, stored hashed)')
    .requiredOption('--name <name>', 'a name, unique in the workspace')
    .option('--ip-allow <list>', 'comma-separated addresses or CIDR ranges that may send (default: any)')
    .option('--format <format>', 'table|json', 'table')
    .option('--db <file>', 'database file')
    .action(async (opts) => {
      const format = parseFormat(opts.format);
      const input = { name: String(opts.name), ...(opts.ipAllow ? { ip_allow: String(opts.ipAllow).split(',').map((s) => s.trim()).filter(Boolean) } : {}) };
      const created = await withStore(
        opts.db,
        (store, ws) => createPostbackSource(store, ws.id, input),
        (server) => callServer<CreatedSource>(server, '/v1/postback-sources', { method: 'POST', body: JSON.stringify(input), contentType: 'application/json' }),
      );
      if (format === 'json') printResult(created, 'json');
      else process.stdout.write(`source ${created.id} (${created.name})\nsecret ${created.secret}\nThe secret is shown only now: postbacks send source=${created.id}&secret=… or sign with it.\n`);
    });

  sources
    .command('list')
    .description('list the sources (without secrets)')
    .option('--format <format>', 'table|json', 'table')
    .option('--db <file>', 'database file')
    .action(async (opts) => {
      const format = parseFormat(opts.format);
      const answer = await withStore(
        opts.db,
        async (store, ws) => ({ sources: (await listPostbackSources(store, ws.id)).map(({ id, name, ip_allow, created_at }) => ({ id, name, ip_allow, created_at })) }),
        (server) => callServer<{ sources: { id: string; name: string; ip_allow: string[]; created_at: string }[] }>(server, '/v1/postback-sources'),
      );
      if (format === 'json') printResult(answer, 'json');
      else for (const s of answer.sources) process.stdout.write(`${s.id}\t${s.name}\t${s.ip_allow.join(',') || 'any address'}\n`);
    });
}
