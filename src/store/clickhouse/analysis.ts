import { localDate } from '../../metrics/time-zone.js';
import { crmStages, type CrmFunnelRow, type CustomerProfile, type CustomerTransaction, type PeopleStats, type SegmentQuery } from '../customers.js';
import type { Journey, JourneyQuery, JourneyTouch } from '../journeys.js';
import type { ExperimentVariantStats } from '../store.js';
import type { ClickHouseEventStore } from './clickhouse-event-store.js';
import { compileSegment, crmFunnelSql, customerProfilesSql, customerTransactionsSql, peopleStatsSql, type CompiledSegment } from './customers-sql.js';
import { experimentExposuresSql, experimentSampleSql, experimentStatsSql } from './experiment-sql.js';
import type { ExperimentCounting, ExperimentExposure, ExperimentSample } from '../store.js';
import { journeysSql } from './journeys-sql.js';
import { chValue } from './sql-literal.js';

/**
 * The analysis methods of the ClickHouse half: each runs one query built in this
 * folder and shapes its small result (people, variants, journeys) into the
 * Store's types. Whole-history customer queries use the range 1970-01-01 … `to`. Ranges are
 * the local days of the workspace's time zone (`timeZone`), and so are the dates answered.
 */

type Row = Record<string, unknown>;
const iso = (ms: unknown) => new Date(Number(ms)).toISOString();
const text = (v: unknown) => (v === null || v === undefined || v === '' ? null : String(v));

export async function journeys(ch: ClickHouseEventStore, workspaceId: string, base: string, timeZone: string, query: JourneyQuery): Promise<Journey[]> {
  const rows = await ch.query<Row>(journeysSql(ch.ctx(workspaceId, base, query.from, query.to, query.lookbackDays, timeZone), query.includeNonConverting));
  return rows.map((r) => ({
    person: String(r.person),
    conversion: r.conv_key ? { id: String(r.conv_key), ts: iso(r.conv_ts), value: Number(r.value) } : null,
    touches: (r.touches as unknown[][]).map(([ts, channel, campaign, ad, kind]): JourneyTouch => ({
      ts: iso(ts), channel: String(channel), campaign: String(campaign), ad: String(ad), kind: kind === 'view' ? 'view' : 'click',
    })),
  }));
}

export async function experimentStats(ch: ClickHouseEventStore, workspaceId: string, base: string, timeZone: string, query: { experiment: string; from?: string; to?: string; counting?: ExperimentCounting }): Promise<ExperimentVariantStats[]> {
  const c = ch.ctx(workspaceId, base, query.from ?? '1970-01-01', query.to ?? '2999-12-31', 30, timeZone);
  const rows = await ch.query<Row>(experimentStatsSql(c, query.experiment, query.counting));
  return rows.map((r) => ({
    variant: String(r.variant), users: Number(r.users), converters: Number(r.converters), conversions: Number(r.conversions),
    revenue_sum: Number(r.revenue_sum), revenue_sum_squares: Number(r.revenue_sum_squares), leads: Number(r.leads),
  }));
}

export async function experimentExposures(ch: ClickHouseEventStore, workspaceId: string, base: string, timeZone: string, query: { experiment: string; from?: string; to?: string; limit: number; signed_only?: boolean }): Promise<ExperimentExposure[]> {
  const c = ch.ctx(workspaceId, base, query.from ?? '1970-01-01', query.to ?? '2999-12-31', 30, timeZone);
  const rows = await ch.query<Row>(experimentExposuresSql(c, query.experiment, query.limit, query.signed_only));
  // visitParamExtractRaw keeps a string's quotes: "2" and 2 are the same version
  return rows.map((r) => ({ anonymous_id: String(r.anonymous_id), variant: String(r.variant), hash_version: text(String(r.hash_version ?? '').replace(/^"(.*)"$/, '$1')) }));
}

export async function experimentSample(ch: ClickHouseEventStore, workspaceId: string, base: string, timeZone: string, query: { experiment: string; from?: string; to?: string }): Promise<ExperimentSample> {
  const c = ch.ctx(workspaceId, base, query.from ?? '1970-01-01', query.to ?? '2999-12-31', 30, timeZone);
  const rows = await ch.query<Row>(experimentSampleSql(c, query.experiment));
  return {
    unsigned_units: Number(rows.find((r) => r.kind === 'unsigned')?.units ?? 0),
    top_sources: rows.filter((r) => r.kind === 'source').map((r) => ({ variant: String(r.variant), source: String(r.source), units: Number(r.units) })),
  };
}

const wholeHistory = (ch: ClickHouseEventStore, workspaceId: string, base: string, timeZone: string, to: string | undefined) =>
  ch.ctx(workspaceId, base, '1970-01-01', to ?? '2999-12-31', 30, timeZone);

export async function customerTransactions(ch: ClickHouseEventStore, workspaceId: string, base: string, timeZone: string, query: { to?: string }): Promise<CustomerTransaction[]> {
  const rows = await ch.query<Row>(customerTransactionsSql(wholeHistory(ch, workspaceId, base, timeZone, query.to)));
  return rows.map((r) => ({ customer_id: String(r.customer_id), date: localDate(Number(r.sale_ts), timeZone), amount: Number(r.amount), order_id: String(r.order_id) }));
}

function segmentOf(query: { segment?: SegmentQuery }, timeZone: string): CompiledSegment {
  return query.segment ? compileSegment(query.segment.rules, query.segment.asOf, timeZone) : { columns: [], predicate: '1' };
}

export async function customerProfiles(ch: ClickHouseEventStore, workspaceId: string, base: string, timeZone: string, query: { ids?: string[]; segment?: SegmentQuery; limit?: number }): Promise<CustomerProfile[]> {
  const where = query.ids ? (query.ids.length ? `p_person IN (${query.ids.map(chValue).join(', ')})` : '0') : '1';
  const sql = customerProfilesSql(wholeHistory(ch, workspaceId, base, timeZone, query.segment?.asOf), segmentOf(query, timeZone), where, query.limit);
  const rows = await ch.query<Row>(sql);
  return rows.map((r) => {
    const traits: Record<string, unknown> = {};
    for (const props of (r.p_identify as string[]) ?? []) Object.assign(traits, JSON.parse(props));
    const acquired = r.p_acq_channel !== null && r.p_acq_channel !== undefined;
    return {
      customer_id: String(r.p_person),
      anonymous_ids: (r.p_anonymous_ids as string[]) ?? [],
      first_seen: iso(r.p_first_seen),
      last_seen: iso(r.p_last_seen),
      first_touch: r.p_first_channel ? { channel: String(r.p_first_channel), campaign: String(r.p_first_campaign) } : null,
      acquisition: acquired ? { channel: String(r.p_acq_channel), campaign: String(r.p_acq_campaign), date: localDate(Number(r.p_acq_ts), timeZone) } : null,
      orders: Number(r.p_orders),
      revenue: Number(r.revenue),
      country: text(r.p_country),
      city: text(r.p_city),
      device: text(r.p_device),
      language: text(r.p_language),
      email_hash: text(r.p_email),
      traits,
    };
  });
}

export async function peopleStats(ch: ClickHouseEventStore, workspaceId: string, base: string, timeZone: string, query: { segment?: SegmentQuery }): Promise<PeopleStats> {
  const rows = await ch.query<Row>(peopleStatsSql(wholeHistory(ch, workspaceId, base, timeZone, query.segment?.asOf), segmentOf(query, timeZone)));
  const r = rows[0] ?? {};
  return { people: Number(r.people ?? 0), buyers: Number(r.buyers ?? 0), orders: Number(r.orders ?? 0), revenue: Number(r.revenue ?? 0) };
}

export async function crmFunnel(ch: ClickHouseEventStore, workspaceId: string, base: string, timeZone: string, query: { from: string; to: string; by: 'channel' | 'campaign' | null; lookbackDays?: number }): Promise<CrmFunnelRow[]> {
  const c = ch.ctx(workspaceId, base, query.from, query.to, query.lookbackDays ?? 30, timeZone);
  const rows = await ch.query<Row>(crmFunnelSql(c, query.by));
  // A range without leads still has its total row (zero counts), as every store answers.
  if (!rows.some((r) => Number(r.is_total) === 1)) rows.push({ is_total: 1, lead: 0, mql: 0, sql: 0, opportunity: 0, customer: 0, mql_days: null, sql_days: null, opportunity_days: null, customer_days: null });
  const out = rows.map((r): CrmFunnelRow => {
    const total = Number(r.is_total) === 1;
    return {
      key: total ? null : String(r.key),
      ...(!total && query.by === 'campaign' ? { channel: String(r.channel) } : {}),
      stages: crmStages.map((stage) => ({
        stage,
        count: Number(r[stage]),
        median_days: stage === 'lead' || r[`${stage}_days`] === null ? null : Number(r[`${stage}_days`]),
      })),
    };
  });
  return out.sort((a, b) => (a.key === null ? -1 : b.key === null ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : (a.channel ?? '') < (b.channel ?? '') ? -1 : 1));
}
