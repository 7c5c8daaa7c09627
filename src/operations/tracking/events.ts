/**
 * `/v1/events` ↔ `roilens events …`: sending a batch (the write key, from browsers and servers),
 * listing a person's stored events, deleting stored events (admin).
 */
import { z } from 'zod';
import { parseBatch } from '../../ingest/event-schema.js';
import { eventTypes } from '../../records/events.js';
import { guardEvents } from '../../ingest/revenue-guard.js';
import { guardExposureBatch } from '../../reports/experiments/experiments-signing.js';
import { AppError } from '../../shared/errors.js';
import { parseEventDeletion } from '../../store/event-deletion.js';
import { defineOperation } from '../core/define.js';
import { Refused } from '../core/refused.js';

const issue = z.object({ path: z.string(), message: z.string() });
const rejected = z.array(z.object({ index: z.number().int(), errors: z.array(issue) }));

const batchDescription =
  'A batch of up to 1,000 events (1 MB): {"events":[…]}. Each event: id, type (impression|click|page_view|lead|conversion|custom), ts (ISO 8601), anonymous_id, ' +
  'and optionally user_id, session_id, name, url, referrer, utm {source, medium, campaign, content, term}, click_id, order_id, revenue {amount: decimal string, ' +
  'currency: ISO 4217}, coupon, product, category (an order\'s; stored as properties, the coupon upper-case), properties {…}. ' +
  'Properties may not mention rl_verified or rl_server_click (reserved for the server). Invalid events are rejected one by one; the valid ones are stored.';

export const eventsSendOperation = defineOperation({
  name: 'events.send',
  summary: 'Send a batch of events',
  tags: ['tracking'],
  scope: 'events:write', tracking: true,
  // The admin token is the server key (issue 12 #1): its events' revenue is verified; a write key's is not.
  // Purchase events carry revenue: a retried batch with its Idempotency-Key is answered, not sent again.
  idempotent: true,
  http: {
    method: 'POST',
    path: '/v1/events',
    body: 'batch',
    cors: { headers: 'authorization, content-type' },
    refuses: true,
    description: 'Valid events stored durably; invalid ones listed by index with the field path and reason; duplicates (ids repeated in the batch or already stored) are neither. 400 when nothing in the batch is valid (or the body is not a batch).',
  },
  input: z.object({ batch: z.unknown().describe(batchDescription) }),
  output: z.object({ accepted: z.number().int(), duplicates: z.number().int(), rejected }),
  cli: { none: 'sites and servers send events over HTTP; `roilens import events FILE` imports a file of them' },
  handler: async (ctx, input) => {
    const trusted = ctx.principal.kind !== 'write-key';
    const ws = ctx.principal.workspace ?? (await ctx.store.getWorkspace(ctx.workspaceId));
    if (!ws) throw new AppError('not_found', 'no workspace');
    const parsed = parseBatch(input.batch);
    if ('error' in parsed) throw new AppError('invalid_input', `${parsed.error.path}: ${parsed.error.message}`, [parsed.error]);
    // Experiment exposures count only with a server-signed assignment token (issue 12 #5); the server key's are signed.
    Object.assign(parsed, await guardExposureBatch(ctx.store, ws, parsed, { trusted }));
    const guarded = await guardEvents(ctx.store, ws, parsed.events, { verified: trusted, indexOf: (i) => parsed.indices[i] });
    parsed.events = guarded.events;
    parsed.rejected = [...parsed.rejected, ...guarded.rejected].sort((a, b) => a.index - b.index);
    if (parsed.events.length === 0 && parsed.rejected.length) {
      const first = parsed.rejected[0];
      throw new Refused(`no valid event; events.${first.index}.${first.errors[0].path}: ${first.errors[0].message}`, { accepted: 0, rejected: parsed.rejected });
    }
    // An id the workspace already stored, or accepted and still waiting to be stored, is a duplicate, never accepted (issue 12 #4, issue 14).
    const taken = parsed.events.length ? await ctx.ingest.acceptNew!(ws, parsed.events) : { accepted: 0, duplicates: 0 };
    return { accepted: taken.accepted, duplicates: parsed.duplicates + taken.duplicates, rejected: parsed.rejected };
  },
});

const utm = z.object({ source: z.string(), medium: z.string(), campaign: z.string(), content: z.string(), term: z.string() }).partial();

/** An event as stored: the accepted record plus what ingestion derived (channel, landing page, country, device). */
export const storedEventSchema = z.object({
  id: z.string(),
  type: z.enum(eventTypes),
  ts: z.string(),
  anonymous_id: z.string(),
  user_id: z.string().optional(),
  session_id: z.string().optional(),
  name: z.string().optional(),
  url: z.string().optional(),
  referrer: z.string().optional(),
  utm: utm.optional(),
  click_id: z.string().optional(),
  order_id: z.string().optional(),
  revenue: z.object({ amount: z.string(), currency: z.string() }).optional(),
  properties: z.record(z.string(), z.unknown()).optional(),
  channel: z.string(),
  landing_page: z.string().optional(),
  country: z.string().optional(),
  device: z.string().optional(),
});

export const eventsListOperation = defineOperation({
  name: 'events.list',
  summary: 'List stored events of a visitor or user',
  tags: ['tracking'],
  scope: 'events:read',
  http: { method: 'GET', path: '/v1/events', cors: { headers: 'authorization, content-type' } },
  input: z.object({
    anonymous_id: z.string().min(1).optional(),
    user_id: z.string().min(1).optional(),
  }),
  output: z.object({ events: z.array(storedEventSchema) }),
  // A person's events may be many: the store reads one page (time, then id) after the cursor's event.
  list: { items: 'events', order: [{ by: (e) => e.ts }, { by: (e) => e.id }], store: true, defaultLimit: 1000, maxLimit: 10_000 },
  cli: { command: 'events list', description: 'stored events of a visitor (--anonymous-id) or user (--user-id), one page (--limit, --cursor)', formats: ['json', 'table', 'csv'] },
  // An export of personal data: recorded (its parameters; person ids as pseudonyms).
  audit: { kind: 'export' },
  handler: async (ctx, input) => {
    await ctx.ingest.drain();
    const page = ctx.page!;
    const after = page.after ? { ts: page.after[0], id: page.after[1] } : undefined;
    return { events: await ctx.store.listEvents(ctx.workspaceId, { ...input, ...(after ? { after } : {}), limit: page.limit + 1 }) };
  },
});

export const eventsDeleteOperation = defineOperation({
  name: 'events.delete',
  summary: 'Delete stored events (admin): every event matching all the conditions given, at least one; every report then leaves them out',
  tags: ['tracking'],
  scope: 'events:write',
  http: { method: 'DELETE', path: '/v1/events' },
  input: z.object({
    id: z.string().optional().describe('event ids, comma-separated (at most 1,000)'),
    person: z.string().optional().describe('a user id or anonymous id: its events and those of every device the user was seen on'),
    from: z.string().optional().describe('ISO 8601 instant or date (UTC), inclusive'),
    to: z.string().optional().describe('ISO 8601 instant or date (UTC), exclusive'),
    source: z.string().optional().describe("the events' utm source"),
  }),
  output: z.object({ deleted: z.number().int() }),
  cli: {
    command: 'events delete',
    description: 'delete stored events matching every condition given (at least one); every report then leaves them out',
    flags: { id: { value: '<ids>' }, person: { value: '<id>' }, from: { value: '<instant>' }, to: { value: '<instant>' }, source: { value: '<source>' } },
    formats: ['table', 'json'],
    print: (answer, format, _input, tools) => (format === 'json' ? tools.printResult(answer, 'json') : void process.stdout.write(`deleted ${answer.deleted} events\n`)),
  },
  audit: { target: () => ({ kind: 'events', id: null }), after: (input, answer) => ({ filter: input, deleted: answer.deleted }) },
  handler: async (ctx, input) => {
    const filter = parseEventDeletion({ ids: input.id, person: input.person, from: input.from, to: input.to, source: input.source }, ctx.surface === 'cli' ? (field) => `--${field}` : undefined);
    // Events still queued are stored first, so they are deleted too.
    await ctx.ingest.drain();
    return { deleted: await ctx.store.deleteEvents(ctx.workspaceId, filter) };
  },
});
