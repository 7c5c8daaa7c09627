/**
 * Attribution on the store, shared by `roilens attribution` (without --paths)
 * and `GET /v1/attribution`: one model's credits per channel, campaign or ad
 * beside the spend of the same rows.
 *
 * normalize → fetch (workspace, credits — journeys run in Node, or the store's aggregates —, spend) → compute (credits by row) → format (rounded, conserved).
 */
import type { AttributionModel, JourneyAttribution } from '../../attribution/index.js';
import { computeMetrics, type MetricContext } from '../../metrics/registry.js';
import { emptyMeasures, type KpiFacts } from '../../metrics/kpi-query.js';
import type { Store } from '../../store/store.js';
import { metricContext, roundCredits, roundMoney, rowKey, workspaceOf, type DimensionCredit } from './attribution-credits.js';
import {
  describeSettings,
  parseDimension,
  parseModel,
  resolveSettings,
  type AttributionDimension,
  type AttributionSettings,
} from './attribution-options.js';
import { creditSource } from './attribution-source.js';
import { resolveRange } from '../common/date-range.js';

export { attributionCompare, type AttributionComparison, type CompareRequest } from './attribution-compare.js';
export { attributionPaths, type AttributionPathReports, type PathsRequest } from './attribution-paths.js';
export { attributionDimensions, defaultComparedModels, parseChannelWeights, type AttributionDimension, type AttributionSettings } from './attribution-options.js';

export interface AttributionRequest extends AttributionSettings {
  model?: string;
  by?: string;
  from?: string;
  to?: string;
}

/** One row: the dimension value (and its channel for campaigns and ads, its campaign for ads), credited conversions and revenue, spend and what they give. */
export type AttributionRow = Record<string, string | number | null>;

export interface AttributionReport {
  model: AttributionModel;
  by: AttributionDimension;
  from: string;
  to: string;
  currency: string;
  settings: ReturnType<typeof describeSettings>;
  rows: AttributionRow[];
  totals: { conversions: number; revenue: number; spend: number; cpa: number | null; roas: number | null; roi: number | null };
  /** Per channel, in the shape of the path-file mode (`value` = revenue). */
  channels: { channel: string; conversions: number; value: number }[];
  /**
   * Markov only: removal effects, the chain's channel totals, and `fit_gap`, how far the
   * per-conversion credits (each conversion split among its own channels) stay from those totals.
   */
  markov?: JourneyAttribution['markov'];
}

/**
 * Attributes the conversions of a date range with one model and lines the
 * credits up with the spend of each channel, campaign or ad.
 *
 * Credits are conserved: `totals.conversions` is the number of conversions
 * in the range and the rows sum to it; revenue rows are rounded to the
 * currency's minor unit and sum exactly to `totals.revenue`.
 *
 * @example attributionReport(store, 'default', { model: 'markov', by: 'channel', from: '2026-10-01', to: '2026-10-31' })
 */
export async function attributionReport(store: Store, workspaceId: string, req: AttributionRequest): Promise<AttributionReport> {
  const model = parseModel(req.model);
  const by = parseDimension(req.by);
  const settings = resolveSettings(req);
  const range = await resolveRange(store, workspaceId, req.from, req.to);

  const ws = await workspaceOf(store, workspaceId);
  const result = await creditSource(store, workspaceId, range, settings).credits(model, by);
  const facts = await store.kpiFacts(workspaceId, { by, from: range.from, to: range.to, lookbackDays: settings.lookbackClickDays });

  const ctx = metricContext(ws);
  const rows = creditRows(result.by, facts, by, result.totals.conversions, result.totals.value, ctx);
  const channelTotals = roundCredits([...result.channels.values()], result.totals.conversions, result.totals.value, ctx.moneyDigits);

  const revenue = roundMoney(result.totals.value, ctx.moneyDigits);
  const totalMetrics = computeMetrics({ ...emptyMeasures(), spend: facts.totals.spend, conversions: result.totals.conversions, revenue: String(revenue) }, ctx, ['spend', 'cpa', 'roas', 'roi']);
  return {
    model,
    by,
    from: range.from,
    to: range.to,
    currency: ws.currency,
    settings: describeSettings(settings),
    rows,
    totals: { conversions: result.totals.conversions, revenue, spend: totalMetrics.spend ?? 0, cpa: totalMetrics.cpa, roas: totalMetrics.roas, roi: totalMetrics.roi },
    channels: channelTotals.map((c) => ({ channel: c.channel, conversions: c.conversions, value: c.value })),
    ...(result.markov ? { markov: result.markov } : {}),
  };
}

/**
 * Rows of the report: every row with credit or with spend, credited
 * conversions and revenue, spend, CPA, ROAS and ROI (registry definitions),
 * most conversions first.
 */
function creditRows(
  credits: Map<string, DimensionCredit>,
  facts: KpiFacts,
  by: AttributionDimension,
  conversions: number,
  value: number,
  ctx: MetricContext,
): AttributionRow[] {
  const spendOf = new Map<string, string>();
  const all = new Map(credits);
  for (const row of facts.rows) {
    const channel = row.channel ?? row.key;
    const campaign = by === 'ad' ? (row.campaign ?? '(not set)') : undefined;
    const key = rowKey(channel, row.key, campaign);
    spendOf.set(key, row.measures.spend);
    if (!all.has(key) && Number(row.measures.spend) !== 0) all.set(key, { channel, ...(campaign === undefined ? {} : { campaign }), key: row.key, conversions: 0, value: 0 });
  }
  const entries = [...all.entries()];
  const rounded = roundCredits(entries.map(([, c]) => c), conversions, value, ctx.moneyDigits);
  const rows = entries.map(([key], i) => {
    const c = rounded[i];
    const measures = { ...emptyMeasures(), spend: spendOf.get(key) ?? '0', conversions: c.conversions, revenue: String(c.value) };
    const m = computeMetrics(measures, ctx, ['spend', 'cpa', 'roas', 'roi']);
    return {
      [by]: c.key,
      ...(by === 'channel' ? {} : { channel: c.channel }),
      ...(c.campaign === undefined ? {} : { campaign: c.campaign }),
      conversions: c.conversions,
      revenue: c.value,
      spend: m.spend ?? 0,
      cpa: m.cpa,
      roas: m.roas,
      roi: m.roi,
    } as AttributionRow;
  });
  return rows.sort(
    (a, b) => Number(b.conversions) - Number(a.conversions) || Number(b.spend) - Number(a.spend) || String(a[by]).localeCompare(String(b[by])),
  );
}

