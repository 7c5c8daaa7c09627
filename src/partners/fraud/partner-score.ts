/**
 * A partner's score from the shape of all its traffic: the share of its clicks or conversions that
 * carry a signal, against a threshold, once the partner has enough of them to tell (a rule of
 * `partnerRules`); and its conversion rate against the programme's (`conversion-rate.ts`). The
 * fired partner signals combine like all signals (`signals.ts`).
 *
 * Thresholds: what honest traffic stays well under. Honest partners send a few bots (link
 * previews, crawlers: ~1–3%), some VPN and office traffic from hosting networks (~5%), and
 * visitors who leave before the page loads (~5–15%); an ad click id on a partner click should
 * never happen; conversions under 15 s are rare (< 1%); Everflow and TUNE flag more than 30% of
 * conversions after 24 h as click spam.
 */
import { conversionRateOutlier, defaultRateTest, type RateTest } from './conversion-rate.js';
import { fastConversionMs, lateConversionMs } from './conversion-score.js';
import { byWeight, clickBit, combinedScore, type PartnerSignal } from './signals.js';
import type { FraudConversion, PartnerShare, PartnerVerdict } from './types.js';

/** Counts of one partner's traffic. */
export interface PartnerTally {
  clicks: number;
  bot: number;
  hosting: number;
  noLanding: number;
  adClickId: number;
  burst: number;
  conversions: number;
  /** Conversions credited through a click (with its time). */
  clickConversions: number;
  fast: number;
  late: number;
  /** Conversions of which it is known whether the e-mail domain is disposable. */
  knownDomains: number;
  disposable: number;
  selfReferrals: number;
}

export function emptyTally(): PartnerTally {
  return { clicks: 0, bot: 0, hosting: 0, noLanding: 0, adClickId: 0, burst: 0, conversions: 0, clickConversions: 0, fast: 0, late: 0, knownDomains: 0, disposable: 0, selfReferrals: 0 };
}

/** Counts a click by its signal mask (`ClickScorer.mask`). */
export function tallyClick(t: PartnerTally, mask: number): void {
  t.clicks += 1;
  if (mask & clickBit.bot_user_agent) t.bot += 1;
  if (mask & clickBit.hosting_network) t.hosting += 1;
  if (mask & clickBit.no_landing_view) t.noLanding += 1;
  if (mask & clickBit.ad_click_id) t.adClickId += 1;
  if (mask & (clickBit.ip_burst | clickBit.device_burst)) t.burst += 1;
}

/** Counts a conversion with its own signals (`conversionSignalsOf`). */
export function tallyConversion(t: PartnerTally, c: FraudConversion, signals: readonly string[]): void {
  t.conversions += 1;
  if (c.click_ms !== null) {
    t.clickConversions += 1;
    const delay = c.ms - c.click_ms;
    if (delay < fastConversionMs) t.fast += 1;
    if (delay > lateConversionMs) t.late += 1;
  }
  if (c.email_disposable !== null) t.knownDomains += 1;
  if (signals.includes('disposable_email')) t.disposable += 1;
  if (signals.includes('self_referral')) t.selfReferrals += 1;
}

/** A share rule: the signal fires when `count / denominator ≥ share` (`>` for late conversions) with at least `min` in the denominator and `minCount` counted. */
interface ShareRule {
  signal: PartnerSignal;
  share: PartnerShare;
  count: (t: PartnerTally) => number;
  of: (t: PartnerTally) => number;
  threshold: number;
  min: number;
  minCount: number;
  strict?: boolean;
}

const clicksOf = (t: PartnerTally) => t.clicks;
const clickConversionsOf = (t: PartnerTally) => t.clickConversions;

/** The share rules (see the file's comment for the thresholds). */
export const partnerRules: readonly ShareRule[] = [
  { signal: 'partner_bot_traffic', share: 'bot_user_agent', count: (t) => t.bot, of: clicksOf, threshold: 0.1, min: 20, minCount: 3 },
  { signal: 'partner_hosting_traffic', share: 'hosting_network', count: (t) => t.hosting, of: clicksOf, threshold: 0.2, min: 20, minCount: 3 },
  { signal: 'partner_no_landing_views', share: 'no_landing_view', count: (t) => t.noLanding, of: clicksOf, threshold: 0.3, min: 20, minCount: 3 },
  { signal: 'partner_ad_click_ids', share: 'ad_click_id', count: (t) => t.adClickId, of: clicksOf, threshold: 0.05, min: 20, minCount: 3 },
  { signal: 'partner_click_bursts', share: 'burst', count: (t) => t.burst, of: clicksOf, threshold: 0.1, min: 20, minCount: 3 },
  { signal: 'partner_fast_conversions', share: 'fast_conversion', count: (t) => t.fast, of: clickConversionsOf, threshold: 0.1, min: 3, minCount: 3 },
  { signal: 'partner_late_conversions', share: 'late_conversion', count: (t) => t.late, of: clickConversionsOf, threshold: 0.3, min: 10, minCount: 3, strict: true },
  { signal: 'partner_disposable_emails', share: 'disposable_email', count: (t) => t.disposable, of: (t) => t.knownDomains, threshold: 0.2, min: 5, minCount: 2 },
];

/**
 * Scores every tallied partner. The reference conversion rate of a partner is that of the other
 * partners together (click-credited conversions per click).
 * @example
 *   const t = { ...emptyTally(), clicks: 100, noLanding: 80 };
 *   partnerVerdicts(new Map([['p1', t]]))[0] // score 55, reasons ['partner_no_landing_views']
 */
export function partnerVerdicts(tallies: ReadonlyMap<string, PartnerTally>, rateTest: RateTest = defaultRateTest): PartnerVerdict[] {
  let allClicks = 0;
  let allConversions = 0;
  for (const t of tallies.values()) {
    allClicks += t.clicks;
    allConversions += t.clickConversions;
  }
  const verdicts: PartnerVerdict[] = [];
  for (const [partnerId, t] of tallies) {
    const fired: PartnerSignal[] = [];
    const shares = {} as Record<PartnerShare, number>;
    for (const rule of partnerRules) {
      const n = rule.of(t);
      const k = rule.count(t);
      const share = n > 0 ? k / n : 0;
      shares[rule.share] = share;
      const over = rule.strict ? share > rule.threshold : share >= rule.threshold;
      if (n >= rule.min && k >= rule.minCount && over) fired.push(rule.signal);
    }
    const otherClicks = allClicks - t.clicks;
    const reference = otherClicks > 0 ? (allConversions - t.clickConversions) / otherClicks : 0;
    const rate = conversionRateOutlier(t.clickConversions, t.clicks, reference, rateTest);
    if (rate === 'high') fired.push('partner_conversion_rate_high');
    if (rate === 'low') fired.push('partner_conversion_rate_low');
    if (t.selfReferrals > 0) fired.push('partner_self_referrals');
    const reasons = byWeight(fired) as PartnerSignal[];
    verdicts.push({
      partner_id: partnerId,
      score: combinedScore(reasons),
      reasons,
      clicks: t.clicks,
      conversions: t.conversions,
      conversion_rate: t.clicks > 0 ? t.clickConversions / t.clicks : null,
      shares,
    });
  }
  return verdicts.sort((a, b) => b.score - a.score || (a.partner_id < b.partner_id ? -1 : a.partner_id > b.partner_id ? 1 : 0));
}
