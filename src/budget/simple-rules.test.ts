import { describe, expect, it } from 'vitest';
import { marginalCpa, simpleRules } from './simple-rules.js';

describe('simple marginal-CPA rules', () => {
  it('reads the marginal CPA as the spend/conversion slope', () => {
    // conversions = 2 + spend/12 exactly → marginal CPA 12
    const spend = [120, 240, 360, 480];
    expect(marginalCpa(spend, spend.map((s) => 2 + s / 12)).value).toBeCloseTo(12, 9);
    expect(marginalCpa([100, 100, 101], [5, 6, 7]).value).toBeNull();
  });

  it('scales up under target with headroom, trims when the margin is too dear, cuts above target', () => {
    const spend = [100, 200, 300, 400];
    const decisions = simpleRules(
      [
        // average CPA 250·4/(10+18+26+34) = 11.36, marginal 12.5 → under 15: scale up (capped by headroom 10)
        { channel: 'search', spend, conversions: [10, 18, 26, 34], headroom: 10 },
        // average 1000/(20+24+28+32) = 9.6 but marginal 25 > 15: trim
        { channel: 'social', spend, conversions: [20, 24, 28, 32] },
        // average 1000/50 = 20 > 15: cut
        { channel: 'display', spend, conversions: [5, 10, 15, 20] },
      ],
      { targetCpa: 15 },
    );
    expect(decisions.map((d) => d.action)).toEqual(['scale_up', 'trim', 'cut']);
    expect(decisions[0].marginal_cpa).toBeCloseTo(12.5, 9);
    expect(decisions[0].suggested_spend).toBeCloseTo(260, 9); // 250 + min(20% of 250, 10)
    expect(decisions[1].marginal_cpa).toBeCloseTo(25, 9);
    expect(decisions[2].suggested_spend).toBeCloseTo(200, 9);
    expect(decisions[2].reason).toContain('above the target');
  });
});
