import { pathTotals } from '../paths/path-file.js';
import { collapseRepeats, resolveRuleOptions, ruleWeights } from './rule-weights.js';
import type { ChannelCredit, PathAttribution, PathRow, RuleModel, RuleOptions } from '../paths/types.js';

/**
 * Rule-based attribution of a path file: every path's conversions and value
 * are split over its touches by `ruleWeights`, then added up by channel.
 * Non-converting journeys (nulls) carry no credit. Channels are listed in
 * order of first appearance in the file.
 *
 * @example attributeRuleBased([{ path: ['seo', 'email'], conversions: 2, value: 10, nulls: 0 }], 'linear')
 *   // channels: seo 1 / 5, email 1 / 5
 */
export function attributeRuleBased(rows: readonly PathRow[], model: RuleModel, options: RuleOptions = {}): PathAttribution {
  const opts = resolveRuleOptions(options);
  const credit = new Map<string, ChannelCredit>();
  const slot = (channel: string) => {
    let c = credit.get(channel);
    if (!c) credit.set(channel, (c = { channel, conversions: 0, value: 0 }));
    return c;
  };
  for (const row of rows) {
    const path = opts.repeats === 'collapse' ? collapseRepeats(row.path, (c) => c) : row.path;
    for (const c of path) slot(c);
    if (row.conversions === 0 && row.value === 0) continue;
    const w = ruleWeights(model, path, opts);
    for (let i = 0; i < path.length; i++) {
      if (w[i] === 0) continue;
      const c = slot(path[i]);
      c.conversions += row.conversions * w[i];
      c.value += row.value * w[i];
    }
  }
  return { model, channels: [...credit.values()], totals: pathTotals(rows) };
}
