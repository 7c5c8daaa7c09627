/**
 * `GET /v1/segments/:id/export` and `POST /v1/segments/:id/push` ↔ `roilens segments export <id>
 * [--out F | --webhook URL]`: a segment's audience (customer id, e-mail hash, device ids) as CSV, or
 * POSTed to a webhook in JSON chunks. The command (one, with two modes) stays in `cli/commands/customers.ts`
 * and runs these operations.
 */
import { z } from 'zod';
import { audienceCsv, pushSegment, segmentAudience } from '../../reports/customers/segments.js';
import { defineOperation } from '../core/define.js';

const idParam = z.string().min(1).max(256);
const viaCli = { none: '`roilens segments export <id>` runs it (one command for the CSV and the webhook push: --out or --webhook), written by hand around the two operations' };

export const segmentExportOperation = defineOperation({
  name: 'segments.export',
  summary: 'The audience as CSV (customer_id, email_hash, anonymous_ids)',
  tags: ['segments'],
  scope: 'customers:read',
  http: {
    method: 'GET',
    path: '/v1/segments/:id/export',
    text: { media: 'text/csv; charset=utf-8', headersOf: (input) => ({ 'content-disposition': `attachment; filename="segment-${input.id}.csv"` }) },
  },
  input: z.object({ id: idParam }),
  output: z.string().describe('CSV with a header row: customer_id, email_hash, anonymous_ids (space-separated)'),
  cli: viaCli,
  // An export of personal data: recorded (its parameters; person ids as pseudonyms).
  audit: { kind: 'export' },
  handler: async (ctx, input) => {
    await ctx.ingest.drain();
    return audienceCsv((await segmentAudience(ctx.store, ctx.workspaceId, input.id)).members);
  },
});

export const segmentPushOperation = defineOperation({
  name: 'segments.push',
  summary: 'POST the audience to a webhook as JSON in chunks; reports failed chunks',
  tags: ['segments'],
  scope: 'customers:write',
  http: { method: 'POST', path: '/v1/segments/:id/push' },
  input: z.object({
    id: idParam,
    webhook: z.string().min(1).describe('the URL the members are POSTed to'),
    chunk_size: z.coerce.number().int().min(1).max(10_000).optional().describe('members per POST (default 500)'),
  }),
  output: z.object({
    segment: z.string(),
    webhook: z.string(),
    members: z.number().int(),
    batches: z.number().int(),
    delivered_batches: z.number().int(),
    delivered_members: z.number().int(),
    failed: z.array(z.object({ batch: z.number().int(), members: z.number().int(), status: z.number().int().nullable(), error: z.string() })),
  }),
  cli: viaCli,
  handler: async (ctx, input) => {
    await ctx.ingest.drain();
    return pushSegment(ctx.store, ctx.workspaceId, input.id, { webhook: input.webhook, chunkSize: input.chunk_size });
  },
});
