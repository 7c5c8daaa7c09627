import { calendarBuckets } from '../../metrics/calendar-buckets.js';
import type { KpiFacts, KpiQuery } from '../../metrics/kpi-query.js';
import { rfmScoreCountsOf } from '../../customers/rfm/rfm-counts.js';
import { firstPurchasesByDay } from '../../customers/purchases/first-purchases.js';
import { AppError } from '../../shared/errors.js';
import { KeptReads } from '../../shared/kept-reads.js';
import { dataVersion } from '../data-version.js';
import { crmStages, type CrmFunnelRow, type CustomerProfile, type CustomerTransaction, type PeopleStats, type SegmentQuery, type SegmentRules } from '../customers.js';
import type { Journey, JourneyQuery } from '../journeys.js';
import { packJourneyColumns, unpackJourneys, type PackedJourneyChunk, type PackedJourneys } from '../packed-journeys.js';
import type { RfmScoreCounts } from '../ports/aggregates.js';
import { kpiFactsFromRows } from '../meanings/kpi-measures.js';
import { getRevenueSources } from '../revenue-settings.js';
import type { ChannelDay, ExperimentCounting, ExperimentExposure, ExperimentSample, ExperimentVariantStats, LinkStatsRow, Store } from '../store.js';
import { customerSalesFromReads, customerSalesOf, type CustomerSaleRow, type CustomerSales } from './aggregates/customer-sales.js';
import { channelDailyRollupSql, customerSalesRollupSql, segmentStatsRollupSql } from './aggregates/customer-sales-sql.js';
import { compileSegment, crmFunnelSql, customerProfilesSql, customerTransactionsSql, historyEndsBySql, peopleStatsSql, personAnonymousIdsSql, personRows, personRowsFromRollups, segmentNeeds, segmentStatsSql } from './customers-sql.js';
import type { DuckDbDatabase, Params } from './duckdb-database.js';
import { experimentExposuresSql, experimentSampleSql, experimentStatsFromRollupsSql, experimentStatsSql } from './experiment-sql.js';
import { journeysSql } from './journeys-sql.js';
import { allRows, kpiFactsSql, kpiSqlParams, rangeSqlParams, type RowSources } from './kpi-sql.js';
import { channelDailySql } from './aggregates/channel-daily-sql.js';
import { duckDbPartnerFacts, linkStatsFastSql, linkStatsParams, linkStatsSql } from './links-sql.js';
import { partnerFactsPage, type PartnerFactsPage, type PartnerFactsQuery } from '../partner-facts.js';
import { localRange } from '../../metrics/time-zone.js';
import type { DuckDbRollups } from './rollups/duckdb-rollups.js';
import { kpiRollupSql } from './rollups/rollup-kpi-sql.js';

/**
 * The embedded store's analyses in DuckDB SQL: KPI facts, channel days, journeys, link stats,
 * experiments, customers and the aggregates computed from them. Each reads its workspace's
 * currency, time zone and revenue settings through the store first.
 */
export class DuckDbAnalysis {
  /** The sales of the last few workspaces asked (at 10M events 49,540 sales; a workspace 10× larger keeps 10× that). */
  private readonly keptSales = new KeptReads(4);

  constructor(
    private readonly db: DuckDbDatabase,
    private readonly store: Store,
    private readonly rollups?: DuckDbRollups,
  ) {}

  /**
   * The KPI facts, from the rollups brought up to date first (issue 14); `fromEvents`: from the
   * raw events (the reference the rollups are held equal to).
   */
  async kpiFacts(workspaceId: string, query: KpiQuery, fromEvents = false): Promise<KpiFacts> {
    const ws = await this.store.getWorkspace(workspaceId);
    if (!ws) throw new AppError('not_found', `workspace ${workspaceId} does not exist`);
    const useRollups = !fromEvents && this.rollups !== undefined;
    if (useRollups) await this.rollups!.ensureFresh(workspaceId, ws.timezone);
    const rows = await this.db.rows<Record<string, string | number | boolean | null>>(
      (useRollups ? kpiRollupSql : kpiFactsSql)(query.by, ws.timezone, await getRevenueSources(this.store, workspaceId), calendarBuckets(query.calendar, query.from, query.to)),
      kpiSqlParams({ ws: workspaceId, from: query.from, to: query.to, lookbackDays: query.lookbackDays, base: ws.currency, timezone: ws.timezone }),
    );
    const facts = kpiFactsFromRows(rows, query, ws.currency, (v) => (v === null || v === undefined ? '0' : String(v)));
    const freshAsOf = useRollups ? await this.rollups!.watermark(workspaceId) : null;
    return freshAsOf ? { ...facts, fresh_as_of: freshAsOf } : facts;
  }

  async channelDaily(workspaceId: string, query: { from: string; to: string; lookbackDays: number }): Promise<ChannelDay[]> {
    const ws = await this.store.getWorkspace(workspaceId);
    if (!ws) throw new AppError('not_found', `workspace ${workspaceId} does not exist`);
    // From the rollups' credits brought up to date first (issue 14), else from the events.
    if (this.rollups) await this.rollups.ensureFresh(workspaceId, ws.timezone);
    const rows = await this.db.rows<ChannelDay>(
      (this.rollups ? channelDailyRollupSql : channelDailySql)(ws.timezone, await getRevenueSources(this.store, workspaceId)),
      kpiSqlParams({ ws: workspaceId, from: query.from, to: query.to, lookbackDays: query.lookbackDays, base: ws.currency, timezone: ws.timezone }),
    );
    return rows.map((r) => ({ ...r, conversions: Number(r.conversions) }));
  }

  async journeys(workspaceId: string, query: JourneyQuery): Promise<Journey[]> {
    return unpackJourneys(await this.packedJourneys(workspaceId, query));
  }

  /**
   * The journeys' rows packed a slice of a result chunk at a time (`eachChunk`): the event loop
   * runs between slices, and only one slice's strings are JavaScript values at once (issue 12 #7).
   */
  async packedJourneys(workspaceId: string, query: JourneyQuery): Promise<PackedJourneys> {
    const ws = await this.store.getWorkspace(workspaceId);
    if (!ws) throw new AppError('not_found', `workspace ${workspaceId} does not exist`);
    const params = rangeSqlParams({ ws: workspaceId, from: query.from, to: query.to, lookbackDays: query.lookbackDays, base: ws.currency, timezone: ws.timezone });
    const chunks: PackedJourneyChunk[] = [];
    await this.db.eachChunk(journeysSql(query.includeNonConverting), params, (column) => {
      chunks.push(packJourneyColumns({ person: column('person'), conversionId: column('conv_key'), conversionTs: column('conv_ts'), value: column('value'), touches: column('touches') }));
    });
    return { chunks };
  }

  // ---- customers ----

  /**
   * Every sale up to `to`. Over the whole history (no `to`, or a `to` the stored events and orders
   * all fall before: the same rows, as nothing after it could stitch a person or decide a sale)
   * read from the rollups' credits (`customerSales`, issue 14); else stitched from the events.
   * `fromEvents`: always from the events (the reference the rollups are held equal to).
   */
  async customerTransactions(workspaceId: string, query: { to?: string }, fromEvents = false): Promise<CustomerTransaction[]> {
    if (!fromEvents && this.rollups && (query.to === undefined || (await this.historyEndsBy(workspaceId, query.to)))) return (await this.customerSales(workspaceId)).transactions;
    const { params, timezone } = await this.customerParams(workspaceId, { to: query.to });
    const rows = await this.db.rows<CustomerTransaction>(customerTransactionsSql(timezone), params);
    return rows.map((r) => ({ customer_id: r.customer_id, date: r.date, amount: Number(r.amount), order_id: r.order_id }));
  }

  /** `fromEvents`: the profiles of `ids` from the events alone (`personRows`), the reference the rollups' path is held to. */
  async customerProfiles(workspaceId: string, query: { ids?: string[]; segment?: SegmentQuery; limit?: number }, fromEvents = false): Promise<CustomerProfile[]> {
    const { params, timezone } = await this.customerParams(workspaceId, { to: query.segment?.asOf });
    const where = this.peopleFilter(query, params, timezone);
    if (query.limit !== undefined) params.limit = query.limit;
    // Only the people asked for: only the rows that can touch their profiles (`personRows`), through the rollups brought up to date first.
    let rows: RowSources = allRows;
    if (query.ids && this.rollups && !fromEvents) {
      await this.rollups.ensureFresh(workspaceId, timezone);
      const anons = await this.db.rows<{ anonymous_id: string }>(personAnonymousIdsSql, { ws: workspaceId, ids: params.ids });
      params.anons = JSON.stringify([...anons.map((a) => a.anonymous_id), ...query.ids]);
      rows = personRowsFromRollups(await getRevenueSources(this.store, workspaceId));
    } else if (query.ids) rows = personRows;
    return (await this.db.rows<Record<string, string | number | null>>(customerProfilesSql(where, query.limit !== undefined, timezone, rows), params)).map(rowToProfile);
  }

  /**
   * People stats of a segment (or of everyone) reading only what its rules compare (`segmentStatsSql`,
   * issue 14); `full`: over every person's every fact (`peopleStatsSql`, the reference it is held equal to).
   */
  async peopleStats(workspaceId: string, query: { segment?: SegmentQuery }, full = false): Promise<PeopleStats> {
    const { params, timezone } = await this.customerParams(workspaceId, { to: query.segment?.asOf });
    const where = this.peopleFilter(query, params, timezone);
    const needs = segmentNeeds(query.segment?.rules ?? { match: 'all', conditions: [] });
    if (!full && query.segment && salesOnly(query.segment.rules) && needs.buyersOnly && this.rollups && (await this.historyEndsBy(workspaceId, query.segment.asOf))) {
      // Rules on sales alone, up to a day the history ends by: from the rollups' credits brought up to date first.
      await this.rollups.ensureFresh(workspaceId, timezone);
      const rollupParams: Params = { ws: workspaceId, base: params.base, lookback: params.lookback };
      const sql = segmentStatsRollupSql(await getRevenueSources(this.store, workspaceId), compileSegment(query.segment.rules, rollupParams, query.segment.asOf, timezone));
      return statsOf((await this.db.rows<PeopleStats>(sql, rollupParams))[0]);
    }
    const sql = full ? peopleStatsSql(where) : segmentStatsSql(where, needs);
    return statsOf((await this.db.rows<PeopleStats>(sql, params))[0]);
  }

  async crmFunnel(workspaceId: string, query: { from: string; to: string; by: 'channel' | 'campaign' | null; lookbackDays?: number }): Promise<CrmFunnelRow[]> {
    const { params, timezone } = await this.customerParams(workspaceId, { from: query.from, to: query.to, lookbackDays: query.lookbackDays });
    // From the rollups' credits brought up to date first (issue 14; they need no currency), else from the events.
    if (this.rollups) {
      await this.rollups.ensureFresh(workspaceId, timezone);
      delete params.base;
    }
    const rows = await this.db.rows<Record<string, string | number | null>>(crmFunnelSql(query.by, this.rollups !== undefined), params);
    return rows.map((r) => ({
      key: r.key === null ? null : String(r.key),
      ...(r.channel !== null ? { channel: String(r.channel) } : {}),
      stages: crmStages.map((stage) => ({
        stage,
        count: Number(r[stage]),
        median_days: stage === 'lead' || r[`${stage}_days`] === null ? null : Number(r[`${stage}_days`]),
      })),
    }));
  }

  /**
   * Every sale of the whole history and the buyers' acquisitions (issue 14): from the KPI rollups'
   * credits brought up to date first (one row per sale, people already stitched), else (a store
   * without rollups) from the events, as `customerTransactions` and `customerProfiles` answer them.
   * Kept while the workspace's data is unchanged: the RFM, cohort, CLV and LTV:CAC calls of the
   * customers page share one read (turning the rows into values costs more than the query).
   */
  async customerSales(workspaceId: string): Promise<CustomerSales> {
    return this.keptSales.read(workspaceId, dataVersion(this.store, workspaceId), async () => {
      const ws = await this.store.getWorkspace(workspaceId);
      if (!ws) throw new AppError('not_found', `workspace ${workspaceId} does not exist`);
      if (!this.rollups) return customerSalesFromReads(this, workspaceId);
      await this.rollups.ensureFresh(workspaceId, ws.timezone);
      const rows = await this.db.rows<CustomerSaleRow>(customerSalesRollupSql(ws.timezone, await getRevenueSources(this.store, workspaceId)), {
        ws: workspaceId, base: ws.currency, lookback: 30,
      });
      return customerSalesOf(rows);
    });
  }

  // ---- aggregates: computed in Node from the sales (an embedded engine's reads are cheap) ----

  async rfmScoreCounts(workspaceId: string, query: { asOf?: string; compareDays: number }): Promise<RfmScoreCounts> {
    return rfmScoreCountsOf(await this.customerTransactions(workspaceId, { to: query.asOf }), query);
  }

  async firstPurchasesByDay(workspaceId: string, query: { to: string }): Promise<Map<string, number>> {
    return firstPurchasesByDay(await this.customerTransactions(workspaceId, { to: query.to }));
  }

  /** Whether every stored event and order of the workspace is before the end of local day `to`. */
  private async historyEndsBy(workspaceId: string, to: string): Promise<boolean> {
    const { params } = await this.customerParams(workspaceId, { to });
    const rows = await this.db.rows<{ ends: boolean }>(historyEndsBySql, { ws: params.ws, to_ts: params.to_ts });
    return rows[0]?.ends === true;
  }

  /** Parameters of the customer queries over local days `from`..`to` (inclusive; default: the whole history), and the workspace time zone. */
  private async customerParams(workspaceId: string, range: { from?: string; to?: string; lookbackDays?: number }): Promise<{ params: Params; timezone: string }> {
    const ws = await this.store.getWorkspace(workspaceId);
    if (!ws) throw new AppError('not_found', `workspace ${workspaceId} does not exist`);
    const params = rangeSqlParams({
      ws: workspaceId, from: range.from ?? '1970-01-01', to: range.to ?? '2999-12-31', lookbackDays: range.lookbackDays ?? 30, base: ws.currency, timezone: ws.timezone,
    });
    return { params, timezone: ws.timezone };
  }

  private peopleFilter(query: { ids?: string[]; segment?: SegmentQuery }, params: Params, timezone: string): string {
    const where: string[] = [];
    if (query.ids) {
      params.ids = JSON.stringify(query.ids);
      where.push(`list_contains(from_json($ids, '["VARCHAR"]'), p.person)`);
    }
    if (query.segment) {
      where.push(compileSegment(query.segment.rules, params, query.segment.asOf, timezone));
    }
    return where.length ? where.join(' AND ') : 'TRUE';
  }

  // ---- experiments and links ----

  /**
   * Per variant outcomes, from the KPI rollups brought up to date first (issue 14:
   * `experimentStatsFromRollupsSql`, driven by the exposures; the sales from the rollups' credits when
   * the history ends by `to`); `fromEvents`: from the raw events (`experimentStatsSql`, the reference it is held equal to).
   */
  async experimentStats(
    workspaceId: string, query: { experiment: string; from?: string; to?: string; counting?: ExperimentCounting }, fromEvents = false,
  ): Promise<ExperimentVariantStats[]> {
    const ws = await this.store.getWorkspace(workspaceId);
    if (!ws) throw new AppError('not_found', `workspace ${workspaceId} does not exist`);
    const from = query.from ?? '1970-01-01';
    const params = { ...rangeSqlParams({ ws: workspaceId, from, to: query.to ?? '2999-12-31', lookbackDays: 30, base: ws.currency, timezone: ws.timezone }), exp: query.experiment, from };
    let sql = experimentStatsSql(query.counting);
    if (!fromEvents && this.rollups) {
      await this.rollups.ensureFresh(workspaceId, ws.timezone);
      // After the refresh: every event the rollups hold was stored by then, so before `to` when its history ends by it.
      const whole = query.to === undefined || (await this.historyEndsBy(workspaceId, query.to));
      sql = experimentStatsFromRollupsSql(await getRevenueSources(this.store, workspaceId), query.counting, whole);
      for (const unused of ['lookback', 'from_ts'] as const) delete (params as Params)[unused];
    }
    const rows = await this.db.rows<Record<string, unknown>>(sql, params);
    return rows.map((r) => ({
      variant: String(r.variant), users: Number(r.users), converters: Number(r.converters), conversions: Number(r.conversions),
      revenue_sum: Number(r.revenue_sum), revenue_sum_squares: Number(r.revenue_sum_squares), leads: Number(r.leads),
    }));
  }

  /** The sample's make-up; the identities from the KPI rollups brought up to date first, unless `fromEvents` (the reference). */
  async experimentSample(workspaceId: string, query: { experiment: string; from?: string; to?: string }, fromEvents = false): Promise<ExperimentSample> {
    const useRollups = !fromEvents && this.rollups !== undefined;
    if (useRollups) {
      const ws = await this.store.getWorkspace(workspaceId);
      if (!ws) throw new AppError('not_found', `workspace ${workspaceId} does not exist`);
      await this.rollups!.ensureFresh(workspaceId, ws.timezone);
    }
    const rows = await this.db.rows<{ kind: string; variant: string | null; source: string | null; units: number | bigint }>(experimentSampleSql(useRollups), {
      ws: workspaceId, exp: query.experiment, from: query.from ?? '1970-01-01', to: query.to ?? '2999-12-31',
    });
    return {
      unsigned_units: Number(rows.find((r) => r.kind === 'unsigned')?.units ?? 0),
      top_sources: rows.filter((r) => r.kind === 'source').map((r) => ({ variant: String(r.variant), source: String(r.source), units: Number(r.units) })),
    };
  }

  async experimentExposures(workspaceId: string, query: { experiment: string; from?: string; to?: string; limit: number; signed_only?: boolean }): Promise<ExperimentExposure[]> {
    const rows = await this.db.rows<{ anonymous_id: string; variant: string; hash_version: string }>(experimentExposuresSql(query.signed_only), {
      ws: workspaceId, exp: query.experiment, from: query.from ?? '1970-01-01', to: query.to ?? '2999-12-31', limit: query.limit,
    });
    return rows.map((r) => ({ anonymous_id: String(r.anonymous_id), variant: String(r.variant), hash_version: r.hash_version === '' ? null : String(r.hash_version) }));
  }

  /**
   * Clicks and credited sales per link, over the KPI rollups brought up to date first (issue 14,
   * `linkStatsFastSql`: the sales from their credits when the history ends by `to`, else from their
   * credit events); `fromEvents`: from the raw events (`linkStatsSql`, the reference they are held to).
   */
  async linkStats(workspaceId: string, query: { from: string; to: string; lookbackDays: number }, fromEvents = false): Promise<LinkStatsRow[]> {
    const ws = await this.store.getWorkspace(workspaceId);
    if (!ws) throw new AppError('not_found', `workspace ${workspaceId} does not exist`);
    const params = linkStatsParams({ ws: workspaceId, from: query.from, to: query.to, lookbackDays: query.lookbackDays, base: ws.currency, timeZone: ws.timezone });
    let sql = linkStatsSql();
    if (!fromEvents && this.rollups) {
      await this.rollups.ensureFresh(workspaceId, ws.timezone);
      sql = linkStatsFastSql(await getRevenueSources(this.store, workspaceId), (await this.historyEndsBy(workspaceId, query.to)) ? 'credits' : 'events');
    }
    const rows = await this.db.rows<Record<string, string | number>>(sql, params);
    return rows.map((r) => ({ slug: String(r.slug), clicks: Number(r.clicks), unique_clicks: Number(r.unique_clicks), conversions: Number(r.conversions), revenue: String(r.revenue) }));
  }

  async partnerFacts(workspaceId: string, query: PartnerFactsQuery): Promise<PartnerFactsPage> {
    const ws = await this.store.getWorkspace(workspaceId);
    if (!ws) throw new AppError('not_found', `workspace ${workspaceId} does not exist`);
    const { start, end } = localRange(query.from, query.to, ws.timezone);
    return partnerFactsPage(duckDbPartnerFacts(this.db, workspaceId), { fromMs: start, toMs: end }, query);
  }
}

function rowToProfile(r: Record<string, string | number | null>): CustomerProfile {
  const text = (v: string | number | null) => (v === null || v === undefined ? null : String(v));
  const traits: Record<string, unknown> = {};
  for (const props of JSON.parse(String(r.identify_props ?? 'null')) ?? []) {
    Object.assign(traits, typeof props === 'string' ? JSON.parse(props) : props);
  }
  return {
    customer_id: String(r.customer_id),
    anonymous_ids: JSON.parse(String(r.anonymous_ids ?? '[]')),
    first_seen: text(r.first_seen),
    last_seen: text(r.last_seen),
    first_touch: r.first_channel === null ? null : { channel: String(r.first_channel), campaign: String(r.first_campaign) },
    acquisition: r.acq_channel === null ? null : { channel: String(r.acq_channel), campaign: String(r.acq_campaign), date: String(r.acq_date) },
    orders: Number(r.orders),
    revenue: Number(r.revenue),
    country: text(r.country),
    city: text(r.city),
    device: text(r.device),
    language: text(r.language),
    email_hash: text(r.email_hash),
    traits,
  };
}

const statsOf = (row: PeopleStats): PeopleStats => ({ people: Number(row.people), buyers: Number(row.buyers), orders: Number(row.orders), revenue: Number(row.revenue) });

/** Whether segment rules compare only a person's sales (orders, revenue, the first sale's channel): what the rollups' credits hold. */
const salesOnly = (rules: SegmentRules) => rules.conditions.every((c) => c.kind === 'orders' || c.kind === 'spent' || c.kind === 'acquisition_channel');
