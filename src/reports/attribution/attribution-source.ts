/**
 * Where a report's attribution figures come from. Every store computes the
 * attribution aggregates (rule credits, path counts, channel sets, Markov's
 * transition counts); a store that is not embedded is read only through them,
 * and Shapley, Markov and the path reports finish in Node on those aggregates.
 * An embedded store also hands over its journeys packed in shared memory, read
 * once per range for every model (`journey-cache.ts`), and the engines run on
 * them on a worker thread: the faster route on one machine. Both give the same
 * figures (test/engines/attribution-pushdown.test.ts).
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
import { creditsBy, rowKey, runModel, type DimensionCredit } from './attribution-credits.js';
import { engineOptions, type AttributionDimension, type ResolvedRange, type ResolvedSettings } from './attribution-options.js';
import { cachedJourneys } from './journey-cache.js';
import type { PackedRead } from '../heavy/journey-jobs.js';
import { invalidArgument } from '../../shared/errors.js';

/** One model's credits: by the asked dimension and by channel (keys from `rowKey`), the totals, and Markov's details. */
export interface ModelCredits {
  model: AttributionModel;
  totals: { conversions: number; value: number };
  by: Map<string, DimensionCredit>;
  channels: Map<string, DimensionCredit>;
  markov?: JourneyAttribution['markov'];
}

/** Runs models on one range and one set of settings; `needsMarkov` says whether Markov will be asked (it reads non-converting journeys). */
export interface CreditSource {
  credits(model: AttributionModel, by: AttributionDimension): Promise<ModelCredits>;
}

/** Reports read the store's aggregates unless it is embedded (then its cached packed journeys are the faster route). */
const pushesDown = (store: Store): boolean => !store.capabilities.embedded;

export function creditSource(store: Store, workspaceId: string, range: ResolvedRange, s: ResolvedSettings, needsMarkov: boolean): CreditSource {
  return pushesDown(store) ? aggregateSource(store, workspaceId, range, s) : journeySource(store, workspaceId, range, s, needsMarkov);
}

function journeySource(store: Store, workspaceId: string, range: ResolvedRange, s: ResolvedSettings, needsMarkov: boolean): CreditSource {
  let journeys: Promise<PackedRead> | undefined;
  return {
    async credits(model, by) {
      journeys ??= cachedJourneys(store, workspaceId, range, s, needsMarkov);
      const result = await runModel(await journeys, model, s);
      return { model, totals: result.totals, by: creditsBy(result, by), channels: creditsBy(result, 'channel'), ...(result.markov ? { markov: result.markov } : {}) };
    },
  };
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

/** Credits from the store's aggregates only (what every store that is not embedded answers with). */
export function aggregateSource(store: Store, workspaceId: string, range: ResolvedRange, s: ResolvedSettings): CreditSource {
  return {
    async credits(model, by) {
      const window = windowOf(model, range, s);
      let rows: DimensionCredit[];
      let totals: ModelCredits['totals'];
      let markov: ModelCredits['markov'];
      if (model === 'markov' || model === 'shapley') {
        const sets = await store.attributionChannelSets(workspaceId, { ...window, by });
        totals = { conversions: 0, value: 0 };
        for (const set of sets.sets) {
          totals.conversions += set.conversions;
          totals.value += set.value;
        }
        const chain = model === 'markov' && totals.conversions > 0 ? await markovInput(store, workspaceId, window, s.order) : undefined;
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

/** The path reports of a range: from journeys in Node, or from the store's path counts. */
export async function pathReports(store: Store, workspaceId: string, range: ResolvedRange, s: ResolvedSettings, limit: number): Promise<PathReportSource> {
  if (pushesDown(store)) {
    const window = windowOf('linear', range, s);
    const counts = await store.attributionPathCounts(workspaceId, { ...window, includeNonConverting: true });
    const converting = counts.paths.reduce((n, p) => n + p.conversions, 0);
    const nonConverting = counts.paths.reduce((n, p) => n + p.nulls, 0);
    const days = counts.days.map((d) => ({ bucket: d.days, conversions: d.conversions, value: d.value }));
    return { reports: { ...pathFileReports(counts.paths, limit), days_to_conversion: days }, converting, nonConverting };
  }
  const journeys = await cachedJourneys(store, workspaceId, range, s, true);
  const window = { lookbackClickDays: s.lookbackClickDays, lookbackViewDays: s.lookbackViewDays, viewWeight: s.viewWeight, ...(s.repeats ? { repeats: s.repeats } : {}) };
  return runHeavy('packedJourneyPathReports', journeys, { ...window, limit });
}
