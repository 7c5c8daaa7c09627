import type { Command } from 'commander';
import { dbPathFrom } from '../../config/config.js';
import { erasePerson, parsePersonId, type PersonErasure } from '../../privacy/erasure.js';
import { parseFormat, printResult } from '../output.js';
import { callServer, withStore } from '../store-access.js';
import { withSpoolDrained } from './spool-pipeline.js';

/** `roilens people erase ID`: erases a person and everything stored about them (issue 12 #14). */
export function register(program: Command): void {
  const people = program.command('people').description('people (devices and user ids) and their personal data');

  people
    .command('erase')
    .argument('<id>', 'a user id, anonymous id or e-mail address')
    .description('erase a person: every event (traits included), order and lead of every device and user id linked to the id, then compact the database')
    .option('--format <format>', 'table|json', 'table')
    .option('--db <file>', 'database file')
    .action(async (rawId: string, opts) => {
      const format = parseFormat(opts.format);
      const id = parsePersonId(rawId, '<id>');
      const answer = await withStore<PersonErasure>(
        opts.db,
        (store, ws) => withSpoolDrained(store, dbPathFrom(opts.db), (pipeline) => erasePerson(store, pipeline, ws.id, id)),
        (server) => callServer<PersonErasure>(server, `/v1/people/${encodeURIComponent(id)}`, { method: 'DELETE' }),
      );
      if (format === 'json') printResult(answer, 'json');
      else {
        const r = answer.removed;
        process.stdout.write(`erased ${r.events} events (${r.traits} with traits), ${r.orders} orders and ${r.leads} leads of ${answer.anonymous_ids} devices and ${answer.user_ids} user ids${answer.compacted ? '; database compacted' : ''}\n`);
      }
    });
}
