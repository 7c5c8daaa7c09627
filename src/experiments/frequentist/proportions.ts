import { normalQuantile, normalTwoSidedP } from '../stats/distributions.js';
import { type LiftInterval, scoreRatioLift } from '../stats/relative-interval.js';

/** Users and converting users of one variant. */
export interface BinomialCounts {
  users: number;
  conversions: number;
}

/** Two-proportion comparison of treatment against control. */
export interface TwoProportionResult {
  /** pT − pC */
  diff: number;
  /** pooled z statistic; null when no user converted in either group, or all did */
  z: number | null;
  /** two-sided p-value of the pooled z test (= R prop.test(correct = FALSE)) */
  pValue: number;
  /** Wald interval on pT − pC with unpooled SE (= R prop.test's conf.int) */
  ciLow: number;
  ciHigh: number;
  /** relative lift pT/pC − 1; null when the control rate is 0 */
  lift: number | null;
  /** Koopman score interval on the relative lift; agrees with pValue */
  liftInterval: LiftInterval;
}

/**
 * Two-proportion z test with the POOLED standard error
 * √(p̄(1 − p̄)(1/nT + 1/nC)) for the p-value, exactly R's
 * `prop.test(c(xT, xC), c(nT, nC), correct = FALSE)` (its X² is z²). The
 * absolute interval is R's unpooled Wald interval; the relative interval is
 * Koopman's score interval, which inverts the same pooled test at lift 0 and
 * therefore excludes 0 exactly when p < alpha.
 *
 * Degenerate data (no conversions anywhere, or every user converted in both
 * groups) gives p = 1: there is no evidence of a difference.
 */
export function twoProportionTest(treatment: BinomialCounts, control: BinomialCounts, alpha = 0.05): TwoProportionResult {
  const pT = treatment.conversions / treatment.users;
  const pC = control.conversions / control.users;
  const diff = pT - pC;
  const pooled = (treatment.conversions + control.conversions) / (treatment.users + control.users);
  const pooledSe = Math.sqrt(pooled * (1 - pooled) * (1 / treatment.users + 1 / control.users));
  const z = pooledSe > 0 ? diff / pooledSe : null;
  const pValue = z === null ? 1 : normalTwoSidedP(z);
  const crit = normalQuantile(1 - alpha / 2);
  const waldSe = Math.sqrt((pT * (1 - pT)) / treatment.users + (pC * (1 - pC)) / control.users);
  return {
    diff,
    z,
    pValue,
    ciLow: diff - crit * waldSe,
    ciHigh: diff + crit * waldSe,
    lift: pC > 0 ? pT / pC - 1 : null,
    liftInterval: scoreRatioLift(treatment.conversions, treatment.users, control.conversions, control.users, crit),
  };
}
