/**
 * Fraud scores of a programme's partner traffic in one pass: clicks (in time order) through
 * `ClickScorer`, each conversion with its credited click's signals, each partner from its tallies.
 *
 * collect credited click ids → score clicks (tally per partner, keep the credited ones' masks) →
 * score conversions (tally) → score partners.
 */
import { ClickScorer, type ClickScorerOptions } from './click-scorer.js';
import { defaultRateTest, type RateTest } from './conversion-rate.js';
import { conversionSignalsOf, scoreConversion } from './conversion-score.js';
import { emptyTally, partnerVerdicts, tallyClick, tallyConversion, type PartnerTally } from './partner-score.js';
import type { ConversionVerdict, FraudClick, FraudConversion, FraudPartner, PartnerVerdict } from './types.js';

export interface PartnerTraffic {
  /** Every partner click of the period, in time order. */
  clicks: Iterable<FraudClick>;
  conversions: readonly FraudConversion[];
  /** Partners with their identities (for self-referrals); a partner with no traffic gets no verdict. */
  partners: readonly FraudPartner[];
}

export interface TrafficVerdicts {
  /** Highest score first. */
  partners: PartnerVerdict[];
  /** In the order given. */
  conversions: ConversionVerdict[];
}

/**
 * Scores clicks, conversions and partners.
 * @example
 *   const { partners, conversions } = scoreTraffic({ clicks, conversions, partners }, { asnTable: null });
 *   partners.filter((p) => p.score >= partnerFlagThreshold);
 */
export function scoreTraffic(traffic: PartnerTraffic, options: ClickScorerOptions & { rateTest?: RateTest } = {}): TrafficVerdicts {
  const scorer = new ClickScorer(options);
  const credited = new Map<string, number>();
  for (const c of traffic.conversions) if (c.click_id) credited.set(c.click_id, 0);
  const tallies = new Map<string, PartnerTally>();
  const tallyOf = (partnerId: string) => {
    let t = tallies.get(partnerId);
    if (!t) tallies.set(partnerId, (t = emptyTally()));
    return t;
  };
  for (const click of traffic.clicks) {
    const mask = scorer.mask(click);
    tallyClick(tallyOf(click.partner_id), mask);
    if (credited.has(click.id)) credited.set(click.id, mask);
  }
  const identities = new Map(traffic.partners.map((p) => [p.id, new Set(p.identities)]));
  const conversions = traffic.conversions.map((c) => {
    const own = identities.get(c.partner_id);
    tallyConversion(tallyOf(c.partner_id), c, conversionSignalsOf(c, own));
    return scoreConversion(c, c.click_id ? (credited.get(c.click_id) ?? 0) : 0, own);
  });
  return { partners: partnerVerdicts(tallies, options.rateTest ?? defaultRateTest), conversions };
}
