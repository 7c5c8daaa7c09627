/**
 * Saved segments (documents collection `segments`): create, list, live count, KPIs against all
 * people, and the audience export as CSV or pushed to a webhook in chunks. Shared by
 * `roilens segments …` and /v1/segments.
 */
import { stringify } from 'csv-stringify/sync';
import { outboundSettings } from '../../config/config.js';
import { csvSafeRow } from '../../shared/csv-safe.js';
import { AppError, invalid } from '../../shared/errors.js';
import { deliver, literalTargetProblem } from '../../shared/outbound/client.js';
import type { CustomerProfile, PeopleStats, SegmentQuery } from '../../store/customers.js';
import type { Store } from '../../store/store.js';
import { lastDataDay, ratio } from './customers-common.js';
import { parseSegmentDefinition, segmentsCollection, type SegmentDefinition } from './segments-definition.js';

export { parseSegmentDefinition, type SegmentDefinition } from './segments-definition.js';

/** Validates and saves a new segment; 409 when the id is taken. */
export async function createSegment(store: Store, workspaceId: string, raw: unknown, now = new Date()): Promise<SegmentDefinition> {
  const def = parseSegmentDefinition(raw, now);
  if (await store.getDocument(workspaceId, segmentsCollection, def.id)) throw new AppError('conflict', `segment ${def.id} already exists`, [{ path: 'id', message: 'already exists' }]);
  await store.putDocument(workspaceId, segmentsCollection, def.id, def);
  return def;
}

export async function listSegments(store: Store, workspaceId: string): Promise<{ segments: SegmentDefinition[] }> {
  return { segments: await store.listDocuments<SegmentDefinition>(workspaceId, segmentsCollection) };
}

export async function getSegment(store: Store, workspaceId: string, id: string): Promise<SegmentDefinition> {
  const def = await store.getDocument<SegmentDefinition>(workspaceId, segmentsCollection, id);
  if (!def) throw new AppError('not_found', `no segment ${id}`);
  return def;
}

async function queryOf(store: Store, workspaceId: string, def: SegmentDefinition): Promise<SegmentQuery> {
  return { rules: { match: def.match, conditions: def.conditions }, asOf: await lastDataDay(store, workspaceId) };
}

export interface SegmentCount {
  segment: string;
  /** "Last D days" rules end on this day (the last day with data). */
  as_of: string;
  people: number;
  buyers: number;
}

/** The segment's members right now. */
export async function countSegment(store: Store, workspaceId: string, id: string): Promise<SegmentCount> {
  const def = await getSegment(store, workspaceId, id);
  const query = await queryOf(store, workspaceId, def);
  const stats = await store.peopleStats(workspaceId, { segment: query });
  return { segment: def.id, as_of: query.asOf, people: stats.people, buyers: stats.buyers };
}

export interface SegmentKpis {
  people: number;
  buyers: number;
  orders: number;
  revenue: number;
  /** revenue / orders. */
  aov: number | null;
  /** buyers / people. */
  conversion_rate: number | null;
  revenue_per_person: number | null;
}

function kpisOf(s: PeopleStats): SegmentKpis {
  return { ...s, aov: ratio(s.revenue, s.orders), conversion_rate: ratio(s.buyers, s.people), revenue_per_person: ratio(s.revenue, s.people) };
}

export interface SegmentComparison {
  segment: string;
  as_of: string;
  members: SegmentKpis;
  all: SegmentKpis;
  /** members / all − 1 per ratio KPI; null where either side is undefined. */
  lift: { aov: number | null; conversion_rate: number | null; revenue_per_person: number | null };
}

/** Orders, revenue, AOV and conversion rate of the segment beside everyone's. */
export async function compareSegment(store: Store, workspaceId: string, id: string): Promise<SegmentComparison> {
  const def = await getSegment(store, workspaceId, id);
  const query = await queryOf(store, workspaceId, def);
  const [members, all] = await Promise.all([store.peopleStats(workspaceId, { segment: query }), store.peopleStats(workspaceId, {})]);
  const m = kpisOf(members);
  const a = kpisOf(all);
  const lift = (k: 'aov' | 'conversion_rate' | 'revenue_per_person') => (m[k] === null || !a[k] ? null : m[k]! / a[k]! - 1);
  return { segment: def.id, as_of: query.asOf, members: m, all: a, lift: { aov: lift('aov'), conversion_rate: lift('conversion_rate'), revenue_per_person: lift('revenue_per_person') } };
}

export interface AudienceMember {
  customer_id: string;
  email_hash: string | null;
  anonymous_ids: string[];
}

/** The segment's members as an audience (customer id, e-mail hash when known, every device id). */
export async function segmentAudience(store: Store, workspaceId: string, id: string): Promise<{ segment: SegmentDefinition; as_of: string; members: AudienceMember[] }> {
  const def = await getSegment(store, workspaceId, id);
  const query = await queryOf(store, workspaceId, def);
  const profiles = await store.customerProfiles(workspaceId, { segment: query });
  return { segment: def, as_of: query.asOf, members: profiles.map(toMember) };
}

function toMember(p: CustomerProfile): AudienceMember {
  return { customer_id: p.customer_id, email_hash: p.email_hash, anonymous_ids: p.anonymous_ids };
}

/** The audience as CSV: customer_id, email_hash, anonymous_ids (space-separated). */
export function audienceCsv(members: readonly AudienceMember[]): string {
  return stringify(
    members.map((m) => csvSafeRow([m.customer_id, m.email_hash ?? '', m.anonymous_ids.join(' ')])),
    { header: true, columns: ['customer_id', 'email_hash', 'anonymous_ids'] },
  );
}

export interface PushResult {
  segment: string;
  webhook: string;
  members: number;
  batches: number;
  delivered_batches: number;
  delivered_members: number;
  failed: { batch: number; members: number; status: number | null; error: string }[];
}

export interface PushOptions {
  webhook: string;
  /** Members per POST (default 500). */
  chunkSize?: number;
  /** Per-request timeout in ms (default 10 s). */
  timeoutMs?: number;
  /** First retry backoff in ms (default 500; the outbound client retries twice). */
  backoffMs?: number;
}

/** Checks a webhook URL: absolute http(s) only. */
export function checkWebhook(value: unknown, field = 'webhook'): string {
  if (typeof value !== 'string' || value === '') throw invalid(field, 'must be an http(s) URL');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalid(field, `must be an http(s) URL, got "${value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalid(field, 'must be an http(s) URL');
  if (literalTargetProblem(url.toString(), outboundSettings().allow) === 'refused_target') {
    throw invalid(field, 'is a private, loopback or link-local target; an operator can allow it with ROILENS_OUTBOUND_ALLOW');
  }
  return url.toString();
}

/**
 * POSTs the audience to a webhook as JSON in chunks:
 * `{"segment":{"id","name"},"as_of","batch":1,"batches":n,"members":[{customer_id,email_hash,anonymous_ids}]}`.
 * Sent through the outbound client (private targets refused unless allowed, no redirects, signed with
 * `ROILENS_OUTBOUND_SECRET`, retried with backoff); failures are reported as codes (`refused_target`,
 * `timeout`, `connection_failed`, `http_error`, …), not thrown.
 */
export async function pushSegment(store: Store, workspaceId: string, id: string, options: PushOptions): Promise<PushResult> {
  const webhook = checkWebhook(options.webhook);
  const chunkSize = options.chunkSize ?? 500;
  if (!(Number.isInteger(chunkSize) && chunkSize >= 1 && chunkSize <= 10_000)) throw invalid('chunk_size', 'must be a whole number from 1 to 10000');
  const { segment, as_of, members } = await segmentAudience(store, workspaceId, id);
  const batches = Math.ceil(members.length / chunkSize);
  const result: PushResult = { segment: segment.id, webhook, members: members.length, batches, delivered_batches: 0, delivered_members: 0, failed: [] };
  for (let b = 0; b < batches; b++) {
    const chunk = members.slice(b * chunkSize, (b + 1) * chunkSize);
    const body = JSON.stringify({ segment: { id: segment.id, name: segment.name }, as_of, batch: b + 1, batches, members: chunk });
    const sent = await deliver(webhook, body, { ...outboundSettings(), timeoutMs: options.timeoutMs ?? 10_000, ...(options.backoffMs !== undefined ? { backoffMs: options.backoffMs } : {}) });
    if (sent.ok) {
      result.delivered_batches++;
      result.delivered_members += chunk.length;
    } else result.failed.push({ batch: b + 1, members: chunk.length, status: sent.status, error: sent.error_code ?? 'http_error' });
  }
  return result;
}
