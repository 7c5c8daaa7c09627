/**
 * Every model side by side on the store's journeys (`GET /v1/attribution/compare`,
 * `roilens attribution --model all`): per channel the spend, each model's
 * conversions, revenue, CPA and ROAS, the demo world's true incremental
 * conversions when the range covers it, and which model came closest.
 *
 * normalize → fetch (workspace, each model's credits — from journeys read once, or the store's aggregates —, spend, truth) → compute → format.
 */
import { compareModels, type AttributionModel, type ChannelCredit, type Comparison } from '../../attribution/index.js';
import { demoTruthSetting, type DemoTruth } from '../../records/demo-truth.js';
import { emptyMeasures } from '../../metrics/kpi-query.js';
import { computeMetrics } from '../../metrics/registry.js';
import type { Store } from '../../store/store.js';
import { metricContext, roundCredits, roundMoney, workspaceOf } from './attribution-credits.js';
import { describeSettings, parseModels, resolveSettings, type AttributionSettings } from './attribution-options.js';
import { creditSource, type ModelCredits } from './attribution-source.js';
import { resolveRange } from '../common/date-range.js';

export interface CompareRequest extends AttributionSettings {
  /** Model names, comma-separated or a list; default every model. */
  models?: string | string[];
  from?: string;
  to?: string;
}

export interface ModelCell {
  conversions: number;
  revenue: number;
  cpa: number | null;
  roas: number | null;
}

export interface ComparisonRow {
  channel: string;
  spend: number;
  /** What the channel truly caused (demo world only, when the range covers the simulated window). */
  truth: { conversions: number; revenue: number } | null;
  models: Record<string, ModelCell>;
}

export interface TruthRanking {
  model: string;
  /**
   * Total variation distance between how the model and the truth split the
   * paid channels' conversions: ½ Σ |model share − true share| over the
   * channels with spend, from 0 (same split) to 1.
   */
  share_error: number;
  /** Mean over the truth's channels of |model conversions − true incremental conversions|. */
  mean_absolute_error: number;
  /** The same on revenue, in the workspace currency. */
  revenue_mean_absolute_error: number;
}

export type HighlightItem =
  | { id: 'closest_to_truth'; model: string; share_error: number }
  | { id: 'model_change'; channel: string; model: string; baseline: string; change: number };

export interface AttributionComparison {
  models: AttributionModel[];
  from: string;
  to: string;
  currency: string;
  settings: ReturnType<typeof describeSettings>;
  rows: ComparisonRow[];
  totals: { conversions: number; revenue: number };
  highlights: string[];
  /**
   * The highlights as message ids with parameters, in the same order, for
   * interfaces that word them in the reader's language: `closest_to_truth`
   * {model, share_error} and `model_change` {channel, model, baseline, change}.
   */
  highlight_items: HighlightItem[];
  /** The window the demo truth covers, or null when the workspace has none. */
  truth_range: { from: string; to: string } | null;
  /** Models ranked by `share_error` against the truth (closest first); null without truth for the range. */
  closest_to_truth: { metric: 'paid_channel_shares'; model: string; ranking: TruthRanking[] } | null;
  notes: string[];
}

type StoredTruth = Pick<DemoTruth, 'start_date' | 'end_date' | 'channels'> & { daily?: Pick<DemoTruth['daily'][number], 'date' | 'incremental'>[] };

/**
 * Runs several models on one fetch of the journeys and lines them up per
 * channel. Every model's conversions sum to the same total (the conversions
 * of the range). Highlights word the largest differences from last click and
 * name the model closest to the truth.
 *
 * Truth: the demo world stores what each channel caused over its whole
 * simulated window, so it is shown only for ranges that cover that window.
 * It counts incremental first purchases; the models also credit baseline and
 * repeat purchases, so every model sits above the truth and absolute errors
 * differ mostly by how much a model gives to channels without spend. Models
 * are therefore ranked by how they split the credit among the paid channels
 * (those with a response curve in the truth) against the true split.
 */
export async function attributionCompare(store: Store, workspaceId: string, req: CompareRequest): Promise<AttributionComparison> {
  const models = parseModels(req.models);
  const settings = resolveSettings(req);
  const range = await resolveRange(store, workspaceId, req.from, req.to);

  const ws = await workspaceOf(store, workspaceId);
  const source = creditSource(store, workspaceId, range, settings);
  const creditAll = async () => {
    // Markov first: it reads the non-converting paths too, and a store that keeps its reads answers every other model from that one.
    const credited = new Map<AttributionModel, ModelCredits>();
    for (const model of [...models].sort((a, b) => Number(b === 'markov') - Number(a === 'markov'))) credited.set(model, await source.credits(model, 'channel'));
    return models.map((model) => credited.get(model)!);
  };
  // The spend and the truth are read while the models compute.
  const [results, facts, truth] = await Promise.all([
    creditAll(),
    store.kpiFacts(workspaceId, { by: 'channel', from: range.from, to: range.to, lookbackDays: settings.lookbackClickDays }),
    readTruth(store, workspaceId),
  ]);

  const ctx = metricContext(ws);
  const total = results[0].totals;
  const byModel: Record<string, ChannelCredit[]> = {};
  for (const result of results) {
    const credits = [...result.channels.values()];
    byModel[result.model] = roundCredits(credits, total.conversions, total.value, ctx.moneyDigits).map((c) => ({ channel: c.channel, conversions: c.conversions, value: c.value }));
  }

  const spendOf = new Map(facts.rows.map((r) => [r.key, r.measures.spend]));
  const truthOf = truthForRange(truth, range);
  const truthApplies = truth !== undefined && truthOf.size > 0;
  const channels = new Set<string>([...Object.values(byModel).flatMap((list) => list.map((c) => c.channel)), ...facts.rows.filter((r) => Number(r.measures.spend) !== 0).map((r) => r.key), ...truthOf.keys()]);

  const rows: ComparisonRow[] = [...channels].map((channel) => {
    const spend = spendOf.get(channel) ?? '0';
    const cells: Record<string, ModelCell> = {};
    for (const model of models) {
      const credit = byModel[model].find((c) => c.channel === channel) ?? { conversions: 0, value: 0 };
      const m = computeMetrics({ ...emptyMeasures(), spend, conversions: credit.conversions, revenue: String(credit.value) }, ctx, ['cpa', 'roas']);
      cells[model] = { conversions: credit.conversions, revenue: credit.value, cpa: m.cpa, roas: m.roas };
    }
    return { channel, spend: computeMetrics({ ...emptyMeasures(), spend }, ctx, ['spend']).spend ?? 0, truth: truthOf.get(channel) ?? null, models: cells };
  });
  rows.sort((a, b) => b.spend - a.spend || maxConversions(b) - maxConversions(a) || a.channel.localeCompare(b.channel));

  const paid = new Set(truthApplies ? truth.channels.filter((c) => c.response !== null).map((c) => c.channel as string) : []);
  const ranking = truthApplies ? rankAgainstTruth(rows, models, paid) : [];
  const { highlights, changes } = worded(byModel, models.includes('last') ? 'last' : models[0], total.conversions);
  const highlightItems: HighlightItem[] = changes.map((c) => ({ id: 'model_change', ...c }));
  if (ranking.length > 0) {
    const off = Math.round(ranking[0].share_error * 100);
    highlights.unshift(`${ranking[0].model} came closest to the true split of incremental conversions among paid channels (${off}% of them placed elsewhere)`);
    highlightItems.unshift({ id: 'closest_to_truth', model: ranking[0].model, share_error: ranking[0].share_error });
  }
  const notes: string[] = [];
  if (truth && !truthApplies) notes.push(`the demo truth covers ${truth.start_date} to ${truth.end_date}; choose a range that includes it to compare the models with it`);
  else if (truth && (range.from > truth.start_date || range.to < truth.end_date)) {
    notes.push('truth for part of the demo window: conversions are the true daily incremental counts in the range; revenue is pro-rated from the whole window');
  }
  return {
    models,
    from: range.from,
    to: range.to,
    currency: ws.currency,
    settings: describeSettings(settings),
    rows,
    totals: { conversions: total.conversions, revenue: roundMoney(total.value, ctx.moneyDigits) },
    highlights,
    highlight_items: highlightItems,
    truth_range: truth ? { from: truth.start_date, to: truth.end_date } : null,
    closest_to_truth: ranking.length > 0 ? { metric: 'paid_channel_shares', model: ranking[0].model, ranking } : null,
    notes,
  };
}

/**
 * The largest differences from the baseline, worded (`paid_social +38% under
 * markov vs last`), among channels with at least max(1, 2 %) of the
 * conversions under the baseline, so a channel going from 1 to 6 does not
 * drown the ones that matter.
 */
function worded(byModel: Record<string, ChannelCredit[]>, baseline: string, conversions: number): Pick<Comparison, 'highlights' | 'changes'> {
  const floor = Math.max(1, 0.02 * conversions);
  const kept = new Set(byModel[baseline].filter((c) => c.conversions >= floor).map((c) => c.channel));
  const filtered = Object.fromEntries(Object.entries(byModel).map(([m, list]) => [m, list.filter((c) => kept.has(c.channel))]));
  const { highlights, changes } = compareModels(filtered, { baseline });
  return { highlights, changes };
}

function maxConversions(row: ComparisonRow): number {
  return Math.max(0, ...Object.values(row.models).map((m) => m.conversions));
}

/**
 * Ranks models against the truth: by the total variation distance between
 * their split of the paid channels' conversions and the true split (ties by
 * model order), with mean absolute errors over every channel with truth.
 *
 * @example truth paid_search 6, display 4; model 9 and 1 → shares .9/.1 vs .6/.4 → share_error 0.3
 */
export function rankAgainstTruth(rows: readonly ComparisonRow[], models: readonly string[], paid: ReadonlySet<string>): TruthRanking[] {
  const withTruth = rows.filter((r) => r.truth !== null);
  if (withTruth.length === 0) return [];
  const paidRows = withTruth.filter((r) => paid.has(r.channel));
  const trueSplit = shares(paidRows.map((r) => r.truth!.conversions));
  const ranking = models.map((model) => {
    let conv = 0;
    let revenue = 0;
    for (const r of withTruth) {
      conv += Math.abs(r.models[model].conversions - r.truth!.conversions);
      revenue += Math.abs(r.models[model].revenue - r.truth!.revenue);
    }
    const split = shares(paidRows.map((r) => r.models[model].conversions));
    const distance = split.reduce((s, x, i) => s + Math.abs(x - trueSplit[i]), 0) / 2;
    return {
      model,
      share_error: round(distance, 6),
      mean_absolute_error: round(conv / withTruth.length, 6),
      revenue_mean_absolute_error: round(revenue / withTruth.length, 6),
    };
  });
  return ranking.sort((a, b) => a.share_error - b.share_error || models.indexOf(a.model) - models.indexOf(b.model));
}

/** Values as shares of their sum (all zero when the sum is 0). */
function shares(values: readonly number[]): number[] {
  const sum = values.reduce((s, x) => s + x, 0);
  return values.map((x) => (sum > 0 ? x / sum : 0));
}

const round = (x: number, digits: number) => Number(x.toFixed(digits));

/**
 * True incremental conversions and revenue per channel for a range: the whole
 * window's totals when the range covers it, otherwise the daily incremental
 * counts inside the range (revenue pro-rated by conversions).
 */
export function truthForRange(truth: StoredTruth | undefined, range: { from: string; to: string }): Map<string, { conversions: number; revenue: number }> {
  const out = new Map<string, { conversions: number; revenue: number }>();
  if (!truth || range.to < truth.start_date || range.from > truth.end_date) return out;
  const whole = range.from <= truth.start_date && range.to >= truth.end_date;
  if (!whole && !truth.daily) return out;
  for (const c of truth.channels) {
    const total = c.incremental_conversions;
    const conversions = whole ? total : truth.daily!.filter((d) => d.date >= range.from && d.date <= range.to).reduce((sum, d) => sum + (d.incremental[c.channel] ?? 0), 0);
    const revenue = whole ? Number(c.incremental_revenue) : total > 0 ? round((Number(c.incremental_revenue) * conversions) / total, 2) : 0;
    out.set(c.channel, { conversions, revenue });
  }
  return out;
}

/** The demo world's truth of the workspace, if one was loaded (and parses). */
async function readTruth(store: Store, workspaceId: string): Promise<StoredTruth | undefined> {
  const text = await store.getSetting(`${demoTruthSetting}:${workspaceId}`);
  if (!text) return undefined;
  try {
    const truth = JSON.parse(text) as StoredTruth;
    return Array.isArray(truth.channels) && typeof truth.start_date === 'string' && typeof truth.end_date === 'string' ? truth : undefined;
  } catch {
    return undefined;
  }
}
