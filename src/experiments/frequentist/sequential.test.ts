import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../shared/random.js';
import { normalTwoSidedP } from '../stats/distributions.js';
import { mixingVariance, msprt, sequentialTest, stoppingRule } from './sequential.js';


describe('mixture SPRT', () => {
  it('hand-computed look: V = 1, τ² = 1, θ̂ = 3', () => {
    // Λ = √(1/2)·exp(9·1/(2·1·2)) = e^{2.25}/√2; p = √2·e^{−2.25}
    expect(msprt(3, 1, 1).pValue).toBeCloseTo(Math.SQRT2 * Math.exp(-2.25), 14);
    // radius = √(1·2/1 · (2 ln 20 + ln 2))
    const r = msprt(3, 1, 1);
    expect(r.ciHigh - 3).toBeCloseTo(Math.sqrt(2 * (2 * Math.log(20) + Math.log(2))), 12);
  });

  it('confidence sequence excludes 0 exactly when p < alpha, and is wider than the fixed-horizon interval', () => {
    for (const diff of [0, 0.5, 1, 2, 2.5, 3, 3.2, 4, 6]) {
      const r = msprt(diff, 0.25, 0.3);
      expect(r.ciLow > 0 || r.ciHigh < 0).toBe(r.pValue < 0.05);
      expect(r.ciHigh - diff).toBeGreaterThan(1.959963984540054 * 0.5);
      expect(r.pValue).toBeGreaterThanOrEqual(normalTwoSidedP(diff / 0.5));
    }
  });

  it('mixing variance follows Howard et al.: τ² = V*·(−2 ln α + ln(1 − 2 ln α))', () => {
    expect(mixingVariance(2, 0.05)).toBeCloseTo(2 * (-2 * Math.log(0.05) + Math.log(1 - 2 * Math.log(0.05))), 14);
  });

  it('A/A simulation: peeking daily keeps the false-positive rate at or below alpha (naive peeking does not)', () => {
    const rand = mulberry32(20240917);
    const sims = 1000;
    const days = 30;
    const perDay = 100;
    const rate = 0.1;
    let sequentialFalse = 0;
    let naiveFalse = 0;
    for (let s = 0; s < sims; s++) {
      let xA = 0;
      let xB = 0;
      let n = 0;
      let seqHit = false;
      let naiveHit = false;
      for (let d = 0; d < days; d++) {
        for (let u = 0; u < perDay; u++) {
          if (rand() < rate) xA++;
          if (rand() < rate) xB++;
        }
        n += perDay;
        const pA = xA / n;
        const pB = xB / n;
        const vA = (pA * (1 - pA)) / n;
        const vB = (pB * (1 - pB)) / n;
        if (vA + vB === 0) continue;
        if (sequentialTest(pB - pA, { n, variance: vB }, { n, variance: vA }, 0.05, 1000).pValue < 0.05) seqHit = true;
        if (normalTwoSidedP((pB - pA) / Math.sqrt(vA + vB)) < 0.05) naiveHit = true;
      }
      if (seqHit) sequentialFalse++;
      if (naiveHit) naiveFalse++;
    }
    // measured with this seed: sequential 0.015, naive 0.276
    expect(sequentialFalse / sims).toBeLessThanOrEqual(0.05);
    // the simulation can detect inflation: 30 naive looks reject far more often than 5%
    expect(naiveFalse / sims).toBeGreaterThan(0.15);
  });

  it('states the stopping rule with the level', () => {
    expect(stoppingRule(0.05)).toContain('below 0.05');
    expect(stoppingRule(0.05)).toContain('95%');
  });
});
