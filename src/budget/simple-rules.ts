/**
 * Simple mode for short histories: marginal-CPA rules per channel on recent
 * weeks, with the reasoning spelled out. Marginal CPA is the slope of spend on
 * conversions across the recent weeks (extra spend per extra conversion); when
 * spend barely varied it falls back to the average CPA and says so.
 */

export interface ChannelWeeks {
  channel: string;
  /** Recent periods, oldest first. */
  spend: number[];
  conversions: number[];
  /** Largest extra spend per period the channel can absorb (inventory, impression share); unlimited when absent. */
  headroom?: number;
}

export interface RuleOptions {
  targetCpa: number;
  /** Step of a scale-up or cut, as a share of current spend (default 0.2). */
  step?: number;
}

export interface RuleDecision {
  channel: string;
  action: 'scale_up' | 'hold' | 'trim' | 'cut';
  current_spend: number;
  suggested_spend: number;
  average_cpa: number | null;
  marginal_cpa: number | null;
  reason: string;
}

/**
 * Applies the rules: scale up when the marginal CPA is under target and there is
 * headroom; cut when even the average CPA is over target; trim when the average
 * is fine but the last euros cost more than the target; hold otherwise.
 * @example
 * simpleRules([{ channel: 'search', spend: [100, 200], conversions: [10, 18] }], { targetCpa: 15 })
 * // search: marginal CPA 12.5 < 15 → scale_up
 */
export function simpleRules(channels: ChannelWeeks[], options: RuleOptions): RuleDecision[] {
  const step = options.step ?? 0.2;
  const target = options.targetCpa;
  return channels.map((ch) => {
    const n = ch.spend.length;
    const spend = ch.spend.reduce((a, b) => a + b, 0);
    const conversions = ch.conversions.reduce((a, b) => a + b, 0);
    const current = n > 0 ? spend / n : 0;
    const average = conversions > 0 ? spend / conversions : null;
    const marginal = marginalCpa(ch.spend, ch.conversions);
    const fmt = (x: number | null) => (x === null ? 'n/a' : x.toFixed(2));
    const effective = marginal.value ?? average;
    const basis = marginal.value !== null ? `marginal CPA ${fmt(marginal.value)}` : `average CPA ${fmt(average)} (${marginal.why})`;
    const decide = (action: RuleDecision['action'], suggested: number, reason: string): RuleDecision => ({
      channel: ch.channel,
      action,
      current_spend: current,
      suggested_spend: suggested,
      average_cpa: average,
      marginal_cpa: marginal.value,
      reason,
    });
    if (spend <= 0) return decide('hold', 0, 'no recent spend: nothing to judge; test with a small budget first');
    if (average === null) return decide('cut', current * (1 - step), `spent ${spend.toFixed(2)} with no conversions; cut ${Math.round(step * 100)}%`);
    if (average > target) return decide('cut', current * (1 - step), `average CPA ${fmt(average)} is above the target ${fmt(target)}; cut ${Math.round(step * 100)}%`);
    if (effective !== null && effective > target) return decide('trim', current * (1 - step / 2), `average CPA ${fmt(average)} meets the target but ${basis} is above ${fmt(target)}: the last euros cost too much; trim ${Math.round((step / 2) * 100)}%`);
    const headroom = ch.headroom ?? Number.POSITIVE_INFINITY;
    if (headroom <= 0) return decide('hold', current, `${basis} is under the target ${fmt(target)} but there is no headroom; hold`);
    const increase = Math.min(current * step, headroom);
    return decide('scale_up', current + increase, `${basis} is under the target ${fmt(target)} with headroom; scale up ${Math.round((100 * increase) / current)}%`);
  });
}

/** Least-squares slope spend/conversion across periods, or null with the reason when unreliable. */
export function marginalCpa(spend: readonly number[], conversions: readonly number[]): { value: number | null; why: string } {
  const n = spend.length;
  if (n < 3) return { value: null, why: 'fewer than 3 periods' };
  const ms = spend.reduce((a, b) => a + b, 0) / n;
  const mc = conversions.reduce((a, b) => a + b, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (let t = 0; t < n; t++) {
    sxx += (spend[t] - ms) ** 2;
    sxy += (spend[t] - ms) * (conversions[t] - mc);
  }
  if (ms <= 0 || Math.sqrt(sxx / n) / ms < 0.1) return { value: null, why: 'spend varied less than 10%, so the marginal cost cannot be read' };
  const slope = sxy / sxx; // conversions per unit of spend
  if (slope <= 0) return { value: null, why: 'more spend did not bring more conversions in these periods' };
  return { value: 1 / slope, why: '' };
}
