/**
 * Always-valid inference with the normal mixture sequential probability
 * ratio test (mSPRT; Johari, Pekelis & Walsh 2017; Howard, Ramdas, McAuliffe
 * & Sekhon 2021). With an estimate θ̂ of the difference and its variance V,
 * and a N(0, τ²) mixing distribution over the effect,
 *
 *   Λ = √(V / (V + τ²)) · exp(θ̂²τ² / (2V(V + τ²)))
 *
 * is a test martingale under H0 (θ = 0), so p = min(1, 1/Λ) is a p-value
 * that stays valid however often one looks (take the running minimum over
 * looks), and {θ : Λ(θ) < 1/α} is a confidence sequence
 *
 *   θ̂ ± √( V(V + τ²)/τ² · (2·ln(1/α) + ln((V + τ²)/V)) ).
 *
 * τ² is tuned so the sequence is tightest when each variant has `tuningUsers`
 * users (Howard et al. eq. for the normal mixture: τ² = V*·(−2 ln α + ln(−2 ln α + 1))
 * where V* is the variance at that sample size).
 */

/** Default planned users per variant at which the confidence sequence is tightest. */
export const DEFAULT_TUNING_USERS = 5000;

/** Result of one look of the mixture SPRT. */
export interface SequentialResult {
  /** always-valid p-value at this look (combine looks with a running minimum) */
  pValue: number;
  /** always-valid confidence sequence on the absolute difference */
  ciLow: number;
  ciHigh: number;
  /** mixing variance τ² used */
  tau2: number;
}

/** The mixing variance τ² that makes the sequence tightest at variance vStar. */
export function mixingVariance(vStar: number, alpha: number): number {
  const l = -2 * Math.log(alpha);
  return vStar * (l + Math.log(l + 1));
}

/**
 * One look of the normal mSPRT on difference `diff` with variance `variance`
 * (e.g. s²_T/n_T + s²_C/n_C), mixing variance `tau2`, at level alpha.
 * A zero variance gives p = 1 for a zero difference and 0 otherwise.
 */
export function msprt(diff: number, variance: number, tau2: number, alpha = 0.05): SequentialResult {
  if (!(variance > 0)) return { pValue: diff === 0 ? 1 : 0, ciLow: diff, ciHigh: diff, tau2 };
  const sum = variance + tau2;
  const logLambda = 0.5 * Math.log(variance / sum) + (diff * diff * tau2) / (2 * variance * sum);
  const pValue = Math.min(1, Math.exp(-logLambda));
  const radius = Math.sqrt(((variance * sum) / tau2) * (2 * Math.log(1 / alpha) + Math.log(sum / variance)));
  return { pValue, ciLow: diff - radius, ciHigh: diff + radius, tau2 };
}

/** An estimate of a variant's metric from n users, with the variance of that estimate (s²/n for a mean). */
export interface SequentialArm {
  n: number;
  variance: number;
}

/**
 * mSPRT for treatment − control, tuned at `tuningUsers` per variant:
 * V* = (n_T·V_T + n_C·V_C)/tuningUsers, i.e. the variance the difference would
 * have with that many users in each arm.
 */
export function sequentialTest(
  diff: number,
  treatment: SequentialArm,
  control: SequentialArm,
  alpha = 0.05,
  tuningUsers = DEFAULT_TUNING_USERS,
): SequentialResult {
  const variance = treatment.variance + control.variance;
  const perUser = treatment.variance * treatment.n + control.variance * control.n;
  const tau2 = mixingVariance(perUser > 0 ? perUser / tuningUsers : 1, alpha);
  return msprt(diff, variance, tau2, alpha);
}

/** The stopping rule, in words, for reports and the CLI. */
export function stoppingRule(alpha: number): string {
  const pct = `${+(100 * (1 - alpha)).toFixed(2)}%`;
  return (
    `Look at the results as often as you like. Stop and call a winner as soon as a variant's sequential p-value ` +
    `falls below ${alpha} (its ${pct} confidence sequence excludes 0); the error rate stays at or below ${alpha} ` +
    `despite the peeking. Otherwise keep running until the planned sample size is reached, then treat the test as inconclusive.`
  );
}
