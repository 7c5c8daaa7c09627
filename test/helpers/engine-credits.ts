/**
 * The reference the attribution reports are checked against: the Node engines
 * (`attributeJourneys`) run directly on a store's journeys, summed by channel,
 * campaign or ad as the reports key their rows. What the reports computed
 * before every store answered them through its aggregates; the tests compare
 * the aggregates' route with it.
 */
import { attributeJourneys, type AttributionModel, type JourneyAttribution } from '../../src/attribution/index.js';
import { addDays, localMidnight } from '../../src/metrics/time-zone.js';
import { rowKey, type DimensionCredit } from '../../src/reports/attribution/attribution-credits.js';
import { engineOptions, type AttributionDimension, type ResolvedSettings } from '../../src/reports/attribution/attribution-options.js';
import type { ModelCredits } from '../../src/reports/attribution/attribution-source.js';
import { splitJourneys, type Split } from '../../src/store/duckdb/aggregates/journey-aggregates.js';
import type { Store } from '../../src/store/store.js';

/** The converting journeys of a range and the windowed paths of the people who did not convert, from `store.journeys`. */
export async function fetchJourneys(store: Store, workspaceId: string, range: { from: string; to: string }, s: ResolvedSettings): Promise<Split> {
  const rows = await store.journeys(workspaceId, { ...range, lookbackDays: Math.max(s.lookbackClickDays, Math.ceil(s.lookbackViewDays)), includeNonConverting: true });
  const end = localMidnight(addDays(range.to, 1), (await store.getWorkspace(workspaceId))?.timezone ?? 'UTC') - 1;
  return splitJourneys(rows, end, s, true);
}

/** One model's credits computed by the engines on the store's journeys (Markov with the non-converting paths). */
export async function engineCredits(store: Store, workspaceId: string, range: { from: string; to: string }, s: ResolvedSettings, model: AttributionModel, by: AttributionDimension): Promise<ModelCredits> {
  const journeys = await fetchJourneys(store, workspaceId, range, s);
  const options = engineOptions(model, s);
  const result = journeys.converting.length === 0
    ? { by_channel: [], by_campaign: [], by_ad: [], totals: { conversions: 0, value: 0 } }
    : attributeJourneys(journeys.converting, model === 'markov' ? { ...options, nonConverting: journeys.nonConverting } : options);
  const markov = 'markov' in result ? result.markov : undefined;
  return { model, totals: result.totals, by: creditsBy(result, by), channels: creditsBy(result, 'channel'), ...(markov ? { markov } : {}) };
}

/** Credits summed by the dimension; campaigns and ads the store did not know are `(not set)`, as in the KPI report. */
function creditsBy(result: Pick<JourneyAttribution, 'by_channel' | 'by_campaign' | 'by_ad'>, by: AttributionDimension): Map<string, DimensionCredit> {
  const out = new Map<string, DimensionCredit>();
  const add = (channel: string, key: string, conversions: number, value: number, campaign?: string) => {
    const k = rowKey(channel, key, campaign);
    let row = out.get(k);
    if (!row) out.set(k, (row = { channel, ...(campaign === undefined ? {} : { campaign }), key, conversions: 0, value: 0 }));
    row.conversions += conversions;
    row.value += value;
  };
  if (by === 'channel') for (const c of result.by_channel) add(c.channel, c.channel, c.conversions, c.value);
  else if (by === 'campaign') for (const c of result.by_campaign) add(c.channel, c.campaign ?? '(not set)', c.conversions, c.value);
  else for (const c of result.by_ad) add(c.channel, c.ad ?? '(not set)', c.conversions, c.value, c.campaign ?? '(not set)');
  return out;
}
