import { describe, expect, it } from 'vitest';
import { channelSeries, eachDay } from './budget-dataset.js';
import { recentPeriods, simplePlan } from './budget-simple.js';
import type { ChannelDay } from '../store/store.js';

/**
 * Four weeks from Monday 2026-01-05. Channel a spends 10, 20, 30, 40 a day in
 * weeks 1–4 and gets 1, 2, 3, 4 credited sales a day (CPA 10, marginal 10);
 * b spends 20 a day with 2 sales a week (CPA 70, spend never varies);
 * 5 sales a day come without a paid touch.
 */
function world(): ChannelDay[] {
  const rows: ChannelDay[] = [];
  eachDay('2026-01-05', '2026-02-01').forEach((date, t) => {
    const week = Math.floor(t / 7) + 1;
    rows.push({ date, channel: 'a', spend: String(10 * week), conversions: week, revenue: '0' });
    rows.push({ date, channel: 'b', spend: '20', conversions: t % 7 === 0 ? 2 : 0, revenue: '0' });
    rows.push({ date, channel: 'direct', spend: '0', conversions: 5, revenue: '0' });
  });
  return rows;
}

const series = () => channelSeries(world(), { from: '2026-01-05', to: '2026-02-01', outcome: 'conversions' });

describe('simple mode', () => {
  it('reads whole recent weeks per channel', () => {
    const r = recentPeriods(series());
    expect(r.perWeek).toBe(1);
    expect(r.spend).toEqual([
      [70, 140, 210, 280],
      [140, 140, 140, 140],
    ]);
    expect(r.credited).toEqual([
      [7, 14, 21, 28],
      [2, 2, 2, 2],
    ]);
    expect(r.uncredited).toEqual([35, 35, 35, 35]);
  });

  it('scales up the cheap channel, cuts the dear one, and spends exactly the total', () => {
    const plan = simplePlan({ series: series(), weeks: 2, outcome: 'conversions', reason: 'short history' });
    // Target = blended CPA 1260 / 78; a: 175/week → 210 (+20%), b: 140 → 112 (−20%).
    expect(plan.decisions?.map((d) => [d.channel, d.action, d.suggested_spend])).toEqual([
      ['a', 'scale_up', 210],
      ['b', 'cut', 112],
    ]);
    // Default total = current weekly run-rate (175 + 140) × 2 weeks.
    expect(plan.total).toBe(630);
    // 630 × 420/644 = 410.8696 → 410.87; 630 × 224/644 = 219.1304 → 219.13.
    expect(plan.allocation.map((a) => [a.channel, a.current, a.spend])).toEqual([
      ['a', 350, 410.87],
      ['b', 280, 219.13],
    ]);
    expect(plan.allocation[0].weekly).toEqual([205.44, 205.43]);
    // Baseline 35/week × 2 + spend / CPA: current 70 + 35 + 4 = 109; plan 70 + 41.087 + 219.13/70.
    expect(plan.current_outcome).toBeCloseTo(109, 9);
    expect(plan.expected_outcome).toBeCloseTo(70 + 41.087 + 219.13 / 70, 9);
    expect(plan.moves[0]).toMatch(/^scale up a: marginal CPA 10.00 is under the target 16.15/);
    expect(plan.moves[1]).toMatch(/^cut b: average CPA 70.00 is above the target/);
  });

  it('keeps a channel inside its bounds and still spends the total', () => {
    const plan = simplePlan({ series: series(), weeks: 2, total: 630, outcome: 'conversions', reason: 'short', bounds: { a: { max: 400 } } });
    expect(plan.allocation.map((a) => a.spend)).toEqual([400, 230]);
    expect(() => simplePlan({ series: series(), weeks: 2, total: 630, outcome: 'conversions', reason: 'short', bounds: { a: { min: 500 }, b: { min: 200 } } })).toThrow(/total: 630 is below the sum of channel minimums \(700\)/);
    expect(() => simplePlan({ series: series(), weeks: 2, total: 630, outcome: 'conversions', reason: 'short', bounds: { tv: { max: 1 } } })).toThrow(/bounds.tv: unknown channel/);
  });

  it('splits an odd total to the cent', () => {
    const plan = simplePlan({ series: series(), weeks: 3, total: 1000.01, outcome: 'conversions', reason: 'short' });
    expect(plan.allocation.reduce((acc, a) => acc + Math.round(a.spend * 100), 0)).toBe(100001);
    expect(plan.allocation.reduce((acc, a) => acc + Math.round(a.current * 100), 0)).toBe(100001);
  });
});
