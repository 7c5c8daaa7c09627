/**
 * `GET/POST /v1/segments`, `GET /v1/segments/:id`, `/count`, `/compare` ↔ `roilens segments list|create|count|compare`:
 * saved audiences (their export and push: `segment-audience.ts`). The CLI commands stay in `cli/commands/customers.ts` and run these operations.
 */
import { z } from 'zod';
import { compareSegment, countSegment, createSegment, getSegment, listSegments } from '../../reports/customers/segments.js';
import { defineOperation } from '../core/define.js';

const conditionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('trait'), trait: z.string(), values: z.array(z.string()) }),
  z.object({ kind: z.literal('event'), name: z.string(), min_count: z.number(), days: z.number() }),
  z.object({ kind: z.literal('page'), path: z.string(), days: z.number().optional() }),
  z.object({ kind: z.literal('orders'), min_count: z.number() }),
  z.object({ kind: z.literal('spent'), more_than: z.number() }),
  z.object({ kind: z.literal('acquisition_channel'), values: z.array(z.string()) }),
]);

export const segmentSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().optional(),
  created_at: z.string(),
  match: z.enum(['all', 'any']),
  conditions: z.array(conditionSchema),
});

const idParam = z.string().min(1).max(256);
const kpis = z.object({
  people: z.number(), buyers: z.number(), orders: z.number(), revenue: z.number(),
  aov: z.number().nullable(), conversion_rate: z.number().nullable(), revenue_per_person: z.number().nullable(),
});
const viaCli = (command: string) => ({ none: `roilens segments ${command} (cli/commands/customers.ts) runs this operation with its own table` });

export const segmentListOperation = defineOperation({
  name: 'segments.list',
  summary: 'Saved segments',
  tags: ['segments'],
  scope: 'customers:read',
  http: { method: 'GET', path: '/v1/segments' },
  input: z.object({}),
  output: z.object({ segments: z.array(segmentSchema) }),
  list: { items: 'segments', order: [{ by: (s) => s.id }] },
  cli: viaCli('list'),
  handler: async (ctx) => {
    await ctx.ingest.drain();
    return listSegments(ctx.store, ctx.workspaceId);
  },
});

export const segmentCreateOperation = defineOperation({
  name: 'segments.create',
  summary: 'Create a segment from rules (traits, behaviour, orders, spend, acquisition channel)',
  tags: ['segments'],
  scope: 'customers:write',
  http: { method: 'POST', path: '/v1/segments', status: 201 },
  // The definition is checked by parseSegmentDefinition (its own messages), so here only "an object".
  input: z.looseObject({}),
  output: segmentSchema,
  cli: viaCli('create --file'),
  handler: async (ctx, input) => {
    await ctx.ingest.drain();
    return createSegment(ctx.store, ctx.workspaceId, input);
  },
});

export const segmentGetOperation = defineOperation({
  name: 'segments.get',
  webType: 'SegmentDefinition',
  summary: 'One segment definition',
  tags: ['segments'],
  scope: 'customers:read',
  http: { method: 'GET', path: '/v1/segments/:id' },
  input: z.object({ id: idParam }),
  output: segmentSchema,
  cli: { none: 'no CLI command: roilens segments list prints the definitions' },
  handler: async (ctx, input) => {
    await ctx.ingest.drain();
    return getSegment(ctx.store, ctx.workspaceId, input.id);
  },
});

export const segmentCountOperation = defineOperation({
  name: 'segments.count',
  cached: true,
  summary: 'Live member count',
  tags: ['segments'],
  scope: 'customers:read',
  http: { method: 'GET', path: '/v1/segments/:id/count' },
  input: z.object({ id: idParam }),
  output: z.object({ segment: z.string(), as_of: z.string(), people: z.number(), buyers: z.number() }),
  webType: 'SegmentCountAnswer',
  cli: viaCli('count <id>'),
  handler: async (ctx, input) => {
    await ctx.ingest.drain();
    return countSegment(ctx.store, ctx.workspaceId, input.id);
  },
});

export const segmentCompareOperation = defineOperation({
  name: 'segments.compare',
  cached: true,
  summary: "Orders, revenue, AOV and conversion rate of the segment beside everyone's",
  tags: ['segments'],
  scope: 'customers:read',
  http: { method: 'GET', path: '/v1/segments/:id/compare' },
  input: z.object({ id: idParam }),
  output: z.object({
    segment: z.string(), as_of: z.string(), members: kpis, all: kpis,
    lift: z.object({ aov: z.number().nullable(), conversion_rate: z.number().nullable(), revenue_per_person: z.number().nullable() }),
  }),
  cli: viaCli('compare <id>'),
  handler: async (ctx, input) => {
    await ctx.ingest.drain();
    return compareSegment(ctx.store, ctx.workspaceId, input.id);
  },
});
