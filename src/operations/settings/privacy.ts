/**
 * Personal data (issue 12 #14): `DELETE /v1/people/:id` ↔ `roilens people erase <id>` and
 * `POST /v1/retention/apply` ↔ `roilens retention apply`. In process the database's spool is the
 * pipeline (`cli.spool`): events a stopped server accepted are stored first, so they go too.
 */
import { z } from 'zod';
import { erasePerson, parsePersonId, type PendingEvents } from '../../privacy/erasure.js';
import { applyRetention } from '../../privacy/retention.js';
import { defineOperation, type OperationContext } from '../core/define.js';
import { pseudonym } from '../../privacy/audit-redact.js';

/** What erasure and retention wait for: the pipeline of the surface (the server's ingestor, the CLI's spool). */
function pendingOf(ctx: OperationContext): PendingEvents {
  return { drain: () => ctx.ingest.drain(), get health() { return { pending_events: ctx.ingest.pendingEvents() }; } };
}

const count = z.number().int();

export const personEraseOperation = defineOperation({
  name: 'people.erase',
  summary:
    'Erase a person (admin): every event (identify traits included), order and lead of every device and user id linked to the id (a user id, anonymous id or e-mail address), what the spool or queue held for them, then the storage is compacted. Answers counts only',
  tags: ['privacy'],
  scope: 'admin',
  http: { method: 'DELETE', path: '/v1/people/:id' },
  input: z.object({ id: z.string().describe('a user id, anonymous id or e-mail address') }),
  output: z.object({
    removed: z.object({ events: count, traits: count.describe('the identify events among events'), orders: count, leads: count }).describe('rows removed per kind'),
    anonymous_ids: count.describe('device ids that made up the person'),
    user_ids: count,
    compacted: z.boolean().describe('whether storage was rewritten so the erased rows leave no bytes'),
  }),
  cli: {
    command: 'people erase',
    description: 'erase a person: every event (traits included), order and lead of every device and user id linked to the id, then compact the database',
    args: ['id'],
    formats: ['table', 'json'],
    spool: true,
    print: (answer, format, _input, { printResult }) => {
      if (format === 'json') return printResult(answer, 'json');
      const r = answer.removed;
      process.stdout.write(`erased ${r.events} events (${r.traits} with traits), ${r.orders} orders and ${r.leads} leads of ${answer.anonymous_ids} devices and ${answer.user_ids} user ids${answer.compacted ? '; database compacted' : ''}\n`);
    },
  },
  // The person's id is kept as a pseudonym only (`privacy/audit-redact.ts`): the log outlives the erasure.
  audit: { target: (input) => ({ kind: 'person', id: pseudonym(input.id) }) },
  handler: (ctx, input) => erasePerson(ctx.store, pendingOf(ctx), ctx.workspaceId, parsePersonId(input.id, ctx.surface === 'cli' ? '<id>' : 'id')),
});

export const retentionApplyOperation = defineOperation({
  name: 'retention.apply',
  summary: "Delete the workspace's events older than its retention_days now (the server also does it hourly); null retention keeps everything",
  tags: ['privacy'],
  scope: 'admin',
  http: { method: 'POST', path: '/v1/retention/apply' },
  input: z.object({}),
  output: z.object({
    retention_days: count.nullable(),
    cutoff: z.string().nullable().describe('events before this instant were deleted (null: nothing to do)'),
    deleted: count,
    compacted: z.boolean(),
  }),
  cli: {
    command: 'retention apply',
    description: 'delete the events older than the retention period now, then compact the database',
    formats: ['table', 'json'],
    spool: true,
    print: (answer, format, _input, { printResult }) => {
      if (format === 'json') printResult(answer, 'json');
      else if (answer.retention_days === null) process.stdout.write('no retention period is set: every event is kept (roilens retention set DAYS)\n');
      else process.stdout.write(`deleted ${answer.deleted} events before ${answer.cutoff} (retention ${answer.retention_days} days)${answer.compacted ? '; database compacted' : ''}\n`);
    },
  },
  handler: (ctx) => applyRetention(ctx.store, pendingOf(ctx), ctx.workspaceId),
});
