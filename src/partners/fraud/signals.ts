/**
 * The fraud signals, their weights and how they combine into a score 0–100.
 *
 * A weight is the score the signal gives on its own: how sure it alone makes us that the click,
 * conversion or partner should not be paid. Signals combine as independent evidence (a noisy OR):
 *
 *   score = round(100 × (1 − Π (1 − wᵢ / 100)))
 *
 * so two signals of 40 give 64, a third gives 78, and no pile of weak signals reaches 100. The
 * programme's `fraud_threshold` (and `partnerFlagThreshold` for partners) is compared with it.
 *
 * Why these weights (rules of thumb from Everflow, TUNE, Dub and Impact's fraud guides, issue 16):
 * - self_referral 90: the partner's own identity bought; never credited in any case.
 * - bot_user_agent 60: a declared crawler or automation tool (isbot) cannot be a buyer's click.
 * - fast_conversion 60: a conversion < 15 s after its click is click injection (the click was fired
 *   when the app or checkout opened) or a bot; a human cannot land, choose and pay that fast.
 * - hosting_network 50: clicks from a data-centre or cloud network (hosting ASN) are scripts or
 *   proxies far more often than people; some are VPN users, hence not higher.
 * - no_landing_view 40: a click with no page view of the same visitor within 30 minutes never
 *   reached the site: a hidden iframe or pixel dropping the cookie (cookie stuffing). Alone it can
 *   also be a visitor who left before the page loaded, hence below the bot signals.
 * - ad_click_id 40: an ad platform's click id (gclid …) on a partner click means the partner's
 *   "click" came through a paid ad, usually on our own brand terms (brand bidding).
 * - disposable_email 30: throw-away addresses are common in lead fraud, but real buyers use them too.
 * - ip_burst / device_burst 30: many clicks from one /24 (/48) or one device within a minute are a
 *   script or a click farm, but a shared office or mobile carrier NAT can look the same.
 * - missing_user_agent 20: browsers always send one; a bare HTTP client does not.
 * Partner-level signals (a share of the partner's traffic over a threshold) weigh more than the
 * same signal on one click because a pattern across many clicks is rarely chance: see
 * `partner-score.ts`.
 */

export const clickSignals = ['bot_user_agent', 'missing_user_agent', 'hosting_network', 'ad_click_id', 'no_landing_view', 'ip_burst', 'device_burst'] as const;
export type ClickSignal = (typeof clickSignals)[number];

export const conversionSignals = ['fast_conversion', 'disposable_email', 'self_referral'] as const;
export type ConversionSignal = (typeof conversionSignals)[number];

export const partnerSignals = [
  'partner_bot_traffic',
  'partner_hosting_traffic',
  'partner_no_landing_views',
  'partner_ad_click_ids',
  'partner_click_bursts',
  'partner_fast_conversions',
  'partner_late_conversions',
  'partner_conversion_rate_high',
  'partner_conversion_rate_low',
  'partner_disposable_emails',
  'partner_self_referrals',
] as const;
export type PartnerSignal = (typeof partnerSignals)[number];

export type FraudSignal = ClickSignal | ConversionSignal | PartnerSignal;

/** Each signal's weight: the score it gives alone (see the file's comment for why). */
export const signalWeights: Readonly<Record<FraudSignal, number>> = {
  bot_user_agent: 60,
  missing_user_agent: 20,
  hosting_network: 50,
  ad_click_id: 40,
  no_landing_view: 40,
  ip_burst: 30,
  device_burst: 30,
  fast_conversion: 60,
  disposable_email: 30,
  self_referral: 90,
  partner_bot_traffic: 50,
  partner_hosting_traffic: 50,
  partner_no_landing_views: 55,
  partner_ad_click_ids: 55,
  partner_click_bursts: 30,
  partner_fast_conversions: 60,
  partner_late_conversions: 40,
  partner_conversion_rate_high: 35,
  partner_conversion_rate_low: 35,
  partner_disposable_emails: 30,
  partner_self_referrals: 40,
};

/** A partner is flagged as fraudulent at this score or above: any one strong partner signal (≥ 50) or two weaker ones. */
export const partnerFlagThreshold = 50;

/**
 * The noisy-OR score of a set of signals, 0–100.
 * @example combinedScore(['no_landing_view', 'ad_click_id']) // 64 = 100 × (1 − 0.6 × 0.6)
 */
export function combinedScore(signals: Iterable<FraudSignal>): number {
  let keep = 1;
  for (const s of signals) keep *= 1 - signalWeights[s] / 100;
  return Math.round(100 * (1 - keep));
}

/** Signals strongest first (ties in declaration order), without repeats. */
export function byWeight(signals: Iterable<FraudSignal>): FraudSignal[] {
  return [...new Set(signals)].sort((a, b) => signalWeights[b] - signalWeights[a]);
}

/** Bit `i` of a click's signal mask is `clickSignals[i]`. */
export function clickSignalsOfMask(mask: number): ClickSignal[] {
  return byWeight(clickSignals.filter((_, i) => mask & (1 << i))) as ClickSignal[];
}

/** Scores of every click mask (2⁷ entries), so scoring a click is one array read. */
export const clickScoreOfMask: readonly number[] = Array.from({ length: 1 << clickSignals.length }, (_, mask) => combinedScore(clickSignalsOfMask(mask)));

export const clickBit: Readonly<Record<ClickSignal, number>> = Object.fromEntries(clickSignals.map((s, i) => [s, 1 << i])) as Record<ClickSignal, number>;
