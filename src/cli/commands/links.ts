import type { Command } from 'commander';
import { AppError } from '../../shared/errors.js';
import type { LinksAnswer } from '../../reports/links/links.js';
import { maxPageLimit as maxLinksLimit } from '../../operations/core/paging.js';
import type { TrackingLink } from '../../records/workspace.js';
import { linkCreateOperation, linkDeleteOperation, linkListOperation, linkUpdateOperation } from '../../operations/tracking/links.js';
import { withOperations, type OperationCall } from '../call-operation.js';
import { registerOperationCommand } from '../operation-commands.js';
import { parseFormat, printResult } from '../output.js';

const utmFlags = ['source', 'medium', 'campaign', 'content', 'term'] as const;

/** The UTM flags given on the command line. */
function utmOf(opts: Record<string, unknown>): TrackingLink['utm'] {
  return Object.fromEntries(utmFlags.filter((k) => opts[k] !== undefined).map((k) => [k, String(opts[k])]));
}

function withUtmOptions(cmd: Command): Command {
  return cmd
    .option('--source <s>', 'utm_source')
    .option('--medium <m>', 'utm_medium')
    .option('--campaign <c>', 'utm_campaign')
    .option('--content <c>', 'utm_content')
    .option('--term <t>', 'utm_term');
}

function printLink(answer: TrackingLink & { url?: string }, format: string, verb: string): void {
  const { url: _url, ...link } = answer;
  if (format === 'json') printResult({ ...link, path: `/c/${link.slug}` }, 'json');
  else process.stdout.write(`${verb} /c/${link.slug} → ${link.destination}${link.disabled ? ' (disabled)' : ''}\n`);
}

/** Runs links.update (in process or through the running server) with `patch`, or what `patchOf` makes from the link's state, and prints the changed link. */
async function patchLink(db: string | undefined, slug: string, patchOf: (call: OperationCall) => Promise<Record<string, unknown>>, format: string, verb: string): Promise<void> {
  const link = (await withOperations(db, async (call) => call(linkUpdateOperation.name, { slug, ...(await patchOf(call)) }))) as TrackingLink;
  printLink(link, format, verb);
}

/** Every page of links.list, one after the other (`q`: the range and lookback). */
async function allLinks(call: OperationCall, q: Record<string, unknown>): Promise<LinksAnswer> {
  const page = async (cursor: string | null) => (await call(linkListOperation.name, { ...q, limit: String(maxLinksLimit), ...(cursor !== null ? { cursor } : {}) })) as LinksAnswer;
  const first = await page(null);
  for (let next = first.next_cursor; next !== null; ) {
    const more = await page(next);
    first.links.push(...more.links);
    next = more.next_cursor;
  }
  return { ...first, next_cursor: null };
}

export function register(program: Command): void {
  const links = program.command('links').description('tracking links: /c/<slug> records the click and redirects with a click id and UTMs');

  registerOperationCommand(program, linkCreateOperation);

  links
    .command('list')
    .description('tracking links with clicks, unique clicks, conversions, revenue and earnings per click (epc) over a date range')
    .option('--from <date>', 'first day (YYYY-MM-DD; default 29 days before --to)')
    .option('--to <date>', 'last day (default: the last day with data)')
    .option('--lookback <days>', 'days a sale may follow the link click it is credited to', '30')
    .option('--format <format>', 'table|json|csv', 'table')
    .option('--db <file>', 'database file')
    .action(async (opts) => {
      const format = parseFormat(opts.format);
      const q = { ...(opts.from ? { from: opts.from } : {}), ...(opts.to ? { to: opts.to } : {}), lookback: opts.lookback };
      const answer = await withOperations(opts.db, (call) => allLinks(call, q));
      if (format === 'json') return printResult(answer, 'json');
      if (answer.links.length === 0) {
        process.stdout.write(`no tracking links (create one with: roilens links create --destination URL)\n`);
        return;
      }
      if (format === 'table') process.stdout.write(`${answer.from} … ${answer.to}, revenue in ${answer.currency}\n`);
      printResult({
        links: answer.links.map((l) => ({
          slug: l.slug, destination: l.destination, status: l.disabled ? 'disabled' : 'active',
          clicks: l.clicks, unique_clicks: l.unique_clicks, conversions: l.conversions, revenue: l.revenue, epc: l.epc,
        })),
      }, format);
    });

  withUtmOptions(
    links
      .command('edit <slug>')
      .description('change a link: its destination, channel or UTMs (UTM flags given replace those values; --clear-utm removes the rest)')
      .option('--destination <url>', 'new destination (http or https)')
      .option('--channel <channel>', 'channel ("" removes it)')
      .option('--clear-utm', 'drop the UTMs not given on this command'),
  )
    .option('--format <format>', 'table|json', 'table')
    .option('--db <file>', 'database file')
    .action(async (slug: string, opts) => {
      const format = parseFormat(opts.format);
      const patch: Record<string, unknown> = {};
      if (opts.destination !== undefined) patch.destination = opts.destination;
      if (opts.channel !== undefined) patch.channel = opts.channel === '' ? null : opts.channel;
      const utm = utmOf(opts);
      const utmChanges = Object.keys(utm).length > 0 || opts.clearUtm;
      if (Object.keys(patch).length === 0 && !utmChanges) throw new AppError('invalid_input', 'nothing to change: give --destination, --channel or UTM flags', [{ path: '--destination', message: 'nothing to change' }]);
      // The UTMs not given stay (unless --clear-utm): read the link's own on the same database first.
      await patchLink(opts.db, slug, async (call) => (utmChanges ? { ...patch, utm: { ...(opts.clearUtm ? {} : await currentUtm(call, slug)), ...utm } } : patch), format, 'changed');
    });

  for (const [name, disabled] of [['disable', true], ['enable', false]] as const) {
    links
      .command(`${name} <slug>`)
      .description(disabled ? 'disable a link: it records no clicks and sends visitors to the workspace fallback_url' : 'enable a disabled link again')
      .option('--format <format>', 'table|json', 'table')
      .option('--db <file>', 'database file')
      .action(async (slug: string, opts) => patchLink(opts.db, slug, async () => ({ disabled }), parseFormat(opts.format), disabled ? 'disabled' : 'enabled'));
  }

  links
    .command('delete <slug>')
    .description('delete a link; its slug stays reserved and /c/<slug> sends visitors to the workspace fallback_url')
    .option('--format <format>', 'table|json', 'table')
    .option('--db <file>', 'database file')
    .action(async (slug: string, opts) => {
      const format = parseFormat(opts.format);
      const answer = await withOperations(opts.db, (call) => call(linkDeleteOperation.name, { slug }));
      if (format === 'json') printResult(answer, 'json');
      else process.stdout.write(`deleted /c/${slug} (the slug stays reserved)\n`);
    });
}

/** The link's UTMs now (for `edit`, which changes only the UTM flags given), from links.list. */
async function currentUtm(call: OperationCall, slug: string): Promise<TrackingLink['utm']> {
  for (let cursor: string | null = null; ; ) {
    const page = (await call(linkListOperation.name, { limit: String(maxLinksLimit), ...(cursor !== null ? { cursor } : {}) })) as LinksAnswer;
    const found = page.links.find((l) => l.slug === slug);
    if (found) return found.utm;
    cursor = page.next_cursor;
    if (cursor === null) throw new AppError('not_found', `no tracking link "${slug}"`);
  }
}
