import { describe, expect, it } from 'vitest';
import { momentsFromSums, varianceOfMean } from '../stats/moments.js';
import { compareRatios, ratioEstimate } from './ratio-metric.js';

// R: set.seed(11); orders ~ Poisson(0.3 / 0.32) per user, revenue = sum of rlnorm(orders, 3.5 / 3.55, 0.8)
const control = { users: 3000, numeratorSum: 38987.575306035382, numeratorSumSquares: 3523058.74309101, denominatorSum: 876, denominatorSumSquares: 1150, sumProduct: 51287.620724311215 };
const treatment = { users: 3100, numeratorSum: 51573.815899726767, numeratorSumSquares: 5568026.131475552, denominatorSum: 1031, denominatorSumSquares: 1417, sumProduct: 71782.217818666541 };

describe('delta-method ratio metric', () => {
  it('standard error agrees with a 20000-resample bootstrap in R', () => {
    // R: sd(replicate(20000, { i <- sample.int(n, replace = TRUE); sum(r[i]) / sum(o[i]) })):
    //    control ratio 44.506364504606601, SE 1.2618383038899752; treatment 50.023099805748565, SE 1.3487309305838242
    // A bootstrap SE of 20000 resamples is itself uncertain by ~0.5%, so allow 3%.
    const c = ratioEstimate(control);
    const t = ratioEstimate(treatment);
    expect(c.ratio).toBeCloseTo(44.506364504606601, 10);
    expect(t.ratio).toBeCloseTo(50.023099805748565, 10);
    expect(Math.abs(Math.sqrt(c.variance) / 1.2618383038899752 - 1)).toBeLessThan(0.03);
    expect(Math.abs(Math.sqrt(t.variance) / 1.3487309305838242 - 1)).toBeLessThan(0.03);
  });

  it('with a denominator of 1 per user the ratio is the mean and the variance is s²/n', () => {
    const s = { users: 5, numeratorSum: 15, numeratorSumSquares: 55, denominatorSum: 5, denominatorSumSquares: 5, sumProduct: 15 };
    const r = ratioEstimate(s);
    expect(r.ratio).toBe(3);
    expect(r.variance).toBeCloseTo(varianceOfMean(momentsFromSums(5, 15, 55)), 14);
  });

  it('lift interval agrees with the z test', () => {
    const r = compareRatios(treatment, control);
    expect(r.lift).toBeCloseTo(50.023099805748565 / 44.506364504606601 - 1, 12);
    expect(r.liftInterval.low! > 0 || r.liftInterval.high! < 0).toBe(r.pValue < 0.05);
    expect(r.ciLow).toBeLessThan(r.diff);
  });
});
