import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { AppError } from '../../shared/errors.js';
import type { TrackingLink } from '../../store/store.js';
import { parseFormat, printResult } from '../output.js';
import { callServer, withStore } from '../store-access.js';

const slugPattern = /^[A-Za-z0-9_-]{1,64}$/;

export function register(program: Command): void {
  const links = program.command('links').description('tracking links: /c/<slug> records the click and redirects with a click id and UTMs');

  links
    .command('create')
    .description('create (or replace) a tracking link')
    .requiredOption('--destination <url>', 'where the link redirects (http or https)')
    .option('--slug <slug>', 'the path after /c/ (default: random)')
    .option('--source <s>', 'utm_source')
    .option('--medium <m>', 'utm_medium')
    .option('--campaign <c>', 'utm_campaign')
    .option('--content <c>', 'utm_content')
    .option('--format <format>', 'table|json', 'table')
    .option('--db <file>', 'database file')
    .action(async (opts) => {
      const format = parseFormat(opts.format);
      let destination: URL;
      try {
        destination = new URL(opts.destination);
      } catch {
        throw new AppError('invalid_input', `--destination: "${opts.destination}" is not a URL`);
      }
      if (!/^https?:$/.test(destination.protocol)) throw new AppError('invalid_input', '--destination: must be an http or https URL');
      if (opts.slug !== undefined && !slugPattern.test(opts.slug)) throw new AppError('invalid_input', '--slug: letters, digits, "_" and "-" only (at most 64)');
      const utm = Object.fromEntries((['source', 'medium', 'campaign', 'content'] as const).filter((k) => opts[k]).map((k) => [k, String(opts[k])]));
      const link: TrackingLink = { slug: opts.slug ?? randomBytes(5).toString('base64url'), destination: destination.toString(), utm, created_at: new Date().toISOString() };
      const saved = await withStore(
        opts.db,
        async (store, ws) => {
          await store.saveLink(ws.id, link);
          return link;
        },
        (server) => callServer<TrackingLink>(server, '/v1/links', { method: 'POST', body: JSON.stringify({ slug: link.slug, destination: link.destination, utm }), contentType: 'application/json' }),
      );
      if (format === 'json') printResult({ ...saved, path: `/c/${saved.slug}` }, 'json');
      else process.stdout.write(`/c/${saved.slug} → ${saved.destination}\n`);
    });

  links
    .command('list')
    .description('list tracking links')
    .option('--format <format>', 'table|json|csv', 'table')
    .option('--db <file>', 'database file')
    .action(async (opts) => {
      const format = parseFormat(opts.format);
      const answer = await withStore(
        opts.db,
        async (store, ws) => ({ links: await store.listLinks(ws.id) }),
        (server) => callServer<{ links: TrackingLink[] }>(server, '/v1/links'),
      );
      printResult(answer, format);
    });
}
