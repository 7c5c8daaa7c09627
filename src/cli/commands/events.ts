import type { Command } from 'commander';
import { parseEventDeletion } from '../../store/event-deletion.js';
import { parseFormat, printResult } from '../output.js';
import { callServer, withStore } from '../store-access.js';

interface DeletionAnswer {
  deleted: number;
}

/** `roilens events delete`: removes stored events by id, person, time range or source (issue 12 #2). */
export function register(program: Command): void {
  const events = program.command('events').description('stored events');

  events
    .command('delete')
    .description('delete stored events matching every condition given (at least one); every report then leaves them out')
    .option('--id <ids>', 'event ids, comma-separated (at most 1,000)')
    .option('--person <id>', 'a user id or anonymous id: its events and those of every device the user was seen on')
    .option('--from <instant>', 'ISO 8601 instant or date (UTC), inclusive')
    .option('--to <instant>', 'ISO 8601 instant or date (UTC), exclusive')
    .option('--source <source>', "the events' utm source")
    .option('--format <format>', 'table|json', 'table')
    .option('--db <file>', 'database file')
    .action(async (opts) => {
      const format = parseFormat(opts.format);
      const filter = parseEventDeletion({ ids: opts.id, person: opts.person, from: opts.from, to: opts.to, source: opts.source }, (field) => `--${field}`);
      const query = new URLSearchParams();
      if (filter.ids) query.set('id', filter.ids.join(','));
      for (const key of ['person', 'from', 'to', 'source'] as const) if (filter[key] !== undefined) query.set(key, filter[key]!);
      const answer = await withStore<DeletionAnswer>(
        opts.db,
        async (store, ws) => ({ deleted: await store.deleteEvents(ws.id, filter) }),
        (server) => callServer<DeletionAnswer>(server, `/v1/events?${query}`, { method: 'DELETE' }),
      );
      if (format === 'json') printResult(answer, 'json');
      else process.stdout.write(`deleted ${answer.deleted} events\n`);
    });
}
