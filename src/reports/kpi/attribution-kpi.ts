/**
 * `model=` on the KPI report: the store's facts credit conversions to the
 * last non-direct click; under another model each channel, campaign or ad row
 * gets that model's conversions and revenue instead, and every metric derived
 * from them (CPA, ROAS, ROI, AOV, conversion rate, profit, value per visit)
 * follows through the registry. Spend, sessions, leads and new customers stay.
 */
import { UNATTRIBUTED, type AttributionModel } from '../../attribution/index.js';
import { emptyMeasures, type KpiFacts } from '../../metrics/kpi-query.js';
import type { Store } from '../../store/store.js';
import { CREDIT_DIGITS, rowKey, type DimensionCredit } from '../attribution/attribution-credits.js';
import { resolveSettings, type AttributionDimension } from '../attribution/attribution-options.js';
import { creditSource } from '../attribution/attribution-source.js';

/** Facts with the conversions and revenue of each row credited by `model` (lookback = the KPI lookback, other settings default). */
export async function factsUnderModel(
  store: Store,
  workspaceId: string,
  facts: KpiFacts,
  q: { model: AttributionModel; by: AttributionDimension; from: string; to: string; lookbackDays: number },
): Promise<KpiFacts> {
  const settings = resolveSettings({ lookbackClickDays: q.lookbackDays });
  const credits = await creditSource(store, workspaceId, { from: q.from, to: q.to }, settings).credits(q.model, q.by);
  return replaceCredits(facts, q.by, credits.by);
}

/**
 * Pure: sets each row's `conversions` and `revenue` to its credits (0 where
 * the model credits nothing) and adds rows for credited values the facts lack.
 * Ad rows are matched on channel, campaign and ad. Conversions with no touch
 * in the window (`(none)`) go to `direct` / `(not set)` (campaign `(not set)`
 * too), where the KPI query puts them. Totals stay the store's; a warning says
 * so if the credits do not add up to them.
 */
export function replaceCredits(facts: KpiFacts, by: AttributionDimension, credits: ReadonlyMap<string, DimensionCredit>): KpiFacts {
  const merged = new Map<string, DimensionCredit>();
  for (const c of credits.values()) {
    const none = c.channel === UNATTRIBUTED;
    const channel = none ? 'direct' : c.channel;
    const key = none ? (by === 'channel' ? 'direct' : '(not set)') : c.key;
    const campaign = by === 'ad' ? (none ? '(not set)' : (c.campaign ?? '(not set)')) : undefined;
    const k = rowKey(channel, key, campaign);
    const row = merged.get(k) ?? { channel, ...(campaign === undefined ? {} : { campaign }), key, conversions: 0, value: 0 };
    row.conversions += c.conversions;
    row.value += c.value;
    merged.set(k, row);
  }
  const rows = facts.rows.map((row) => {
    const k = rowKey(row.channel ?? row.key, row.key, by === 'ad' ? (row.campaign ?? '(not set)') : undefined);
    const credit = merged.get(k);
    merged.delete(k);
    return { ...row, measures: { ...row.measures, conversions: roundCredit(credit?.conversions ?? 0), revenue: (credit?.value ?? 0).toFixed(6) } };
  });
  for (const c of merged.values()) {
    rows.push({
      key: c.key,
      ...(by === 'channel' ? {} : { channel: c.channel }),
      ...(c.campaign === undefined ? {} : { campaign: c.campaign }),
      measures: { ...emptyMeasures(), conversions: roundCredit(c.conversions), revenue: c.value.toFixed(6) },
    });
  }
  const credited = rows.reduce((s, r) => s + r.measures.conversions, 0);
  const warnings = [...facts.warnings];
  if (Math.abs(credited - facts.totals.conversions) > 1e-3) {
    warnings.push(`the model credits ${credited.toFixed(2)} conversions but the range has ${facts.totals.conversions}`);
  }
  return { ...facts, rows, warnings };
}

const roundCredit = (x: number) => Number(x.toFixed(CREDIT_DIGITS));
