import { describe, expect, it } from 'vitest';
import { funnelAssumptionIssues, funnelForward, funnelGoalSeek } from './funnel.js';

const assumptions = { cpm: 10, ctr: 0.02, visit_rate: 0.9, cvr: 0.1, close_rate: 0.25, aov: 80 };

describe('funnel planner', () => {
  it('runs a budget down the funnel (hand-computed)', () => {
    // 1000 → 100 000 impressions → 2000 clicks → 1800 visits → 180 leads → 45 customers → 3600 revenue
    const r = funnelForward(1000, assumptions);
    expect(r.impressions).toBeCloseTo(100_000, 9);
    expect(r.clicks).toBeCloseTo(2000, 9);
    expect(r.visits).toBeCloseTo(1800, 9);
    expect(r.leads).toBeCloseTo(180, 9);
    expect(r.customers).toBeCloseTo(45, 9);
    expect(r.revenue).toBeCloseTo(3600, 9);
    expect(r.cpa).toBeCloseTo(1000 / 45, 9);
  });
  it('goal-seek inverts the forward run for sales, revenue and leads', () => {
    const sales = funnelGoalSeek({ customers: 500 }, assumptions);
    expect(funnelForward(sales.budget, assumptions).customers).toBeCloseTo(500, 9);
    expect(sales.budget).toBeCloseTo((500 / 45) * 1000, 6);
    expect(funnelForward(funnelGoalSeek({ revenue: 12_345 }, assumptions).budget, assumptions).revenue).toBeCloseTo(12_345, 6);
    expect(funnelForward(funnelGoalSeek({ leads: 70 }, assumptions).budget, assumptions).leads).toBeCloseTo(70, 9);
  });
  it('rejects rates given as percentages and non-positive inputs', () => {
    expect(funnelAssumptionIssues({ ...assumptions, ctr: 2 }).map((i) => i.path)).toEqual(['ctr']);
    expect(funnelAssumptionIssues({ ...assumptions, cpm: 0 }).map((i) => i.path)).toEqual(['cpm']);
    expect(funnelAssumptionIssues(assumptions)).toEqual([]);
  });
});

describe('funnel planner on the visits path (sales not through leads)', () => {
  it('plans sales from visits and counts leads beside them (hand-computed)', () => {
    // 1000 → 100 000 impressions → 2000 clicks → 1800 visits; 1800 × 0.02 = 36 sales; leads 1800 × 0.1 = 180 beside.
    const a = { ...assumptions, path: 'visits' as const, sales_rate: 0.02, close_rate: 0.017 };
    const r = funnelForward(1000, a);
    expect(r.customers).toBeCloseTo(36, 9);
    expect(r.leads).toBeCloseTo(180, 9);
    expect(r.revenue).toBeCloseTo(36 * 80, 9);
    expect(funnelGoalSeek({ customers: 72 }, a).budget).toBeCloseTo(2000, 9);
    expect(funnelGoalSeek({ leads: 90 }, a).budget).toBeCloseTo(500, 9);
    expect(funnelAssumptionIssues({ ...a, sales_rate: 0 }).map((i) => i.path)).toEqual(['sales_rate']);
    expect(funnelAssumptionIssues({ ...a, close_rate: 0, cvr: 0 })).toEqual([]);
  });
});
