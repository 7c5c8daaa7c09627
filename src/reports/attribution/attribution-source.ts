/**
 * Where a report's attribution figures come from: the store's attribution
 * aggregates (rule credits, path counts, channel sets, Markov's transition
 * counts), which every store computes as suits its engine (ClickHouse in SQL;
 * the embedded DuckDB from its kept-up journey rollups, read once per range for
 * every model: `store/duckdb/journey-rollups/`).
 * Shapley, Markov and the path reports finish here on those aggregates, the
 * same way on every engine (test/engines/attribution-pushdown.test.ts).
 */
import {
  pathFileReports,
  resolveRuleOptions,
  type AttributionModel,
  type JourneyAttribution,
  type PathReports,
  type RuleModel,
} from '../../attribution/index.js';
import { resolveWindow } from '../../attribution/journeys/journey-window.js';
import type { AggregateWindow, CreditRule } from '../../store/attribution-aggregates.js';
import type { Store } from '../../store/store.js';
import { runHeavy } from '../heavy/run.js';
import { rowKey, type DimensionCredit } from './attribution-credits.js';
import { engineOptions, type AttributionDimension, type ResolvedRange, type ResolvedSettings } from './attribution-options.js';
import { invalidArgument } from '../../shared/errors.js';

/** One model's credits: by the asked dimension and by channel (keys from `rowKey`), the totals, and Markov's details. */
export interface ModelCredits {
  model: AttributionModel;
  totals: { conversions: number; value: number };
  by: Map<string, DimensionCredit>;
  channels: Map<string, DimensionCredit>;
  markov?: JourneyAttribution['markov'];
}

/** Runs models on one range and one set of settings. */
export interface CreditSource {
  credits(model: AttributionModel, by: AttributionDimension): Promise<ModelCredits>;
}

/** The windows of one model, checked by the engine's own resolvers (a bad option is a 400). */
function windowOf(model: AttributionModel, range: ResolvedRange, s: ResolvedSettings): AggregateWindow {
  const w = resolveWindow(engineOptions(model, s), model === 'markov' ? 'collapse' : 'keep');
  return { from: range.from, to: range.to, lookbackClickDays: w.lookbackClickDays, lookbackViewDays: w.lookbackViewDays, viewWeight: w.viewWeight, repeats: w.repeats };
}

function ruleOf(model: RuleModel, s: ResolvedSettings): CreditRule {
  const r = resolveRuleOptions(engineOptions(model, s));
  switch (model) {
    case 'last-non-direct':
      return { model, directChannel: r.directChannel };
    case 'time-decay':
      return { model, halfLifeDays: s.halfLifeDays };
    case 'position':
      return { model, positionWeights: r.positionWeights };
    case 'custom':
      return { model, channelWeights: r.channelWeights, defaultWeight: r.defaultWeight };
    default:
      return { model };
  }
}

/** Credits of the models on one range and one set of settings, from the store's aggregates. */
export function creditSource(store: Store, workspaceId: string, range: ResolvedRange, s: ResolvedSettings): CreditSource {
  return {
    async credits(model, by) {
      const window = windowOf(model, range, s);
      let rows: DimensionCredit[];
      let totals: ModelCredits['totals'];
      let markov: ModelCredits['markov'];
      if (model === 'markov' || model === 'shapley') {
        // Markov's transitions first: they read the non-converting paths too, and a store that keeps its reads answers the channel sets from the same one.
        const transitions = model === 'markov' ? await markovInput(store, workspaceId, window, s.order) : undefined;
        const sets = await store.attributionChannelSets(workspaceId, { ...window, by });
        totals = { conversions: 0, value: 0 };
        for (const set of sets.sets) {
          totals.conversions += set.conversions;
          totals.value += set.value;
        }
        const chain = totals.conversions > 0 ? transitions : undefined;
        const result = totals.conversions > 0 ? await runHeavy('creditChannelSets', model, sets.sets, sets.touches, chain) : { rows: [] };
        rows = result.rows;
        markov = result.markov;
      } else {
        const credits = await store.attributionRuleCredits(workspaceId, { ...window, by, rule: ruleOf(model, s) });
        rows = credits.rows;
        totals = credits.totals;
      }
      const byKey = new Map(rows.map((r) => [rowKey(r.channel, r.key, r.campaign), r]));
      return { model, totals, by: byKey, channels: by === 'channel' ? byKey : byChannel(rows), ...(markov ? { markov } : {}) };
    },
  };
}

/** What Markov's chain is fitted on: the store's transition counts. */
async function markovInput(store: Store, workspaceId: string, window: AggregateWindow, order: number) {
  if (!Number.isInteger(order) || order < 1 || order > 4) throw invalidArgument('order', `order must be 1, 2, 3 or 4, got ${order}`);
  return { transitions: await store.attributionMarkovTransitions(workspaceId, { ...window, order }), order };
}

/** Rows of a dimension summed by channel, channels in order of first appearance. */
function byChannel(rows: readonly DimensionCredit[]): Map<string, DimensionCredit> {
  const out = new Map<string, DimensionCredit>();
  for (const r of rows) {
    const k = rowKey(r.channel, r.channel);
    const row = out.get(k) ?? { channel: r.channel, key: r.channel, conversions: 0, value: 0 };
    row.conversions += r.conversions;
    row.value += r.value;
    out.set(k, row);
  }
  return out;
}

/** Path reports and the number of converting and non-converting journeys they cover. */
export interface PathReportSource {
  reports: PathReports;
  converting: number;
  nonConverting: number;
}

/** The path reports of a range, from the store's path counts. */
export async function pathReports(store: Store, workspaceId: string, range: ResolvedRange, s: ResolvedSettings, limit: number): Promise<PathReportSource> {
  const window = windowOf('linear', range, s);
  const counts = await store.attributionPathCounts(workspaceId, { ...window, includeNonConverting: true });
  const converting = counts.paths.reduce((n, p) => n + p.conversions, 0);
  const nonConverting = counts.paths.reduce((n, p) => n + p.nulls, 0);
  const days = counts.days.map((d) => ({ bucket: d.days, conversions: d.conversions, value: d.value }));
  return { reports: { ...pathFileReports(counts.paths, limit), days_to_conversion: days }, converting, nonConverting };
}
