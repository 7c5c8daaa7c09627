import { describe, expect, it } from 'vitest';
import { channelSeries, eachDay } from './budget-dataset.js';
import { budgetMessage } from '../../budget/index.js';
import { recentPeriods, rulesSplit, simplePlan } from './budget-simple.js';
import type { ChannelDay } from '../../store/store.js';

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

const reason = budgetMessage('budget.msg.reason_short_history', { days: 28, min_days: 56 });
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
    const plan = simplePlan({ series: series(), weeks: 2, outcome: 'conversions', reason });
    // Target = blended CPA 1260 / 78; a: 175/week → 210 (+20%), b: 140 → 112 (−20%).
    expect(plan.decisions?.map((d) => [d.channel, d.action, d.suggested_spend])).toEqual([
      ['a', 'scale_up', 210],
      ['b', 'cut', 112],
    ]);
    // Default total = current weekly run-rate (175 + 140) × 2 weeks.
    expect(plan.total).toBe(630);
    // The current split at 630 is a 350, b 280; b is cut 20% (→ 224), which frees 56; a asks for +70 (20%) and gets the 56.
    expect(plan.allocation.map((a) => [a.channel, a.current, a.spend])).toEqual([
      ['a', 350, 406],
      ['b', 280, 224],
    ]);
    expect(plan.allocation[0].weekly).toEqual([203, 203]);
    // Baseline 35/week × 2 + spend / CPA: current 70 + 35 + 4 = 109; plan 70 + 40.6 + 3.2.
    expect(plan.current_outcome).toBeCloseTo(109, 9);
    expect(plan.expected_outcome).toBeCloseTo(113.8, 9);
    // Target = blended CPA 1260 / 78 = 16.15.
    expect(plan.moves).toEqual([
      'raise a by 16% (350.00 → 406.00): the last euros cost 10.00 per conversion, under the target 16.15',
      'lower b by 20% (280.00 → 224.00): average cost per conversion 70.00 is above the target 16.15',
    ]);
    expect(plan.move_messages[0]).toMatchObject({ id: 'budget.msg.move_up', params: { channel: 'a', change_pct: 16, from_money: 350, to_money: 406 }, because: { id: 'budget.msg.rule_under_target', params: { unit: 'conversions', marginal_money: 10, target_money: 16.15 } } });
    expect(plan.reason_message).toEqual(reason);
  });

  it('never shows a trimmed channel gaining: moves and table come from one plan (issue 11 #8)', () => {
    // a: CPA 10, marginal 10 → scale up; t: average 3640/286 = 12.73 under the target 9940/364 = 27.31 but the last
    // euros cost 140 (70 → 73 sales a week for 700 → 1120 spend) → trim 10%; c: 5600 spend for 8 sales (CPA 700) → cut 20%.
    const rows: ChannelDay[] = [];
    eachDay('2026-01-05', '2026-02-01').forEach((date, t) => {
      const week = Math.floor(t / 7) + 1;
      const first = t % 7 === 0;
      rows.push({ date, channel: 'a', spend: String(10 * week), conversions: week, revenue: '0' });
      rows.push({ date, channel: 't', spend: String(80 + 20 * week), conversions: first ? 69 + week : 0, revenue: '0' });
      rows.push({ date, channel: 'c', spend: '200', conversions: first ? 2 : 0, revenue: '0' });
      rows.push({ date, channel: 'direct', spend: '0', conversions: 5, revenue: '0' });
    });
    const plan = simplePlan({ series: channelSeries(rows, { from: '2026-01-05', to: '2026-02-01', outcome: 'conversions' }), weeks: 1, outcome: 'conversions', reason });
    expect(plan.decisions?.map((d) => [d.channel, d.action])).toEqual([
      ['a', 'scale_up'],
      ['c', 'cut'],
      ['t', 'trim'],
    ]);
    // Current week 175 + 1400 + 910 = 2485. The old plan scaled the rules' spends (210, 1120, 819) up to 2485: t got
    // 947.05, +4.1% beside "trim t". Now t and c take their rule's step and a gets what they free: 175 + 35 + 336.
    expect(plan.allocation.map((a) => [a.channel, a.current, a.spend])).toEqual([
      ['a', 175, 546],
      ['c', 1400, 1120],
      ['t', 910, 819],
    ]);
    expect(plan.moves).toEqual([
      'raise a by 212% (175.00 → 546.00): the last euros cost 10.00 per conversion, under the target 27.31',
      'lower c by 20% (1400.00 → 1120.00): average cost per conversion 700.00 is above the target 27.31',
      'lower t by 10% (910.00 → 819.00): average cost per conversion 12.73 meets the target 27.31, but the last euros cost 140.00 each',
    ]);
    // Every move's direction is its row's.
    for (const m of plan.move_messages) {
      const row = plan.allocation.find((a) => a.channel === m.params.channel)!;
      const sign = Math.sign(row.spend - row.current);
      expect(m.id).toBe(sign > 0 ? 'budget.msg.move_up' : sign < 0 ? 'budget.msg.move_down' : 'budget.msg.move_keep');
    }
    // Linear forecast: 35 uncredited + 546 / 10 + 1120 / 700 + 819 × 286 / 3640.
    expect(plan.expected_outcome).toBeCloseTo(35 + 54.6 + 1.6 + 64.35, 9);
  });

  it('splits by the rules without turning a channel against its rule', () => {
    const d = (action: 'scale_up' | 'hold' | 'trim' | 'cut', current: number, suggested: number) => ({ action, current_spend: current, suggested_spend: suggested });
    // Scale-ups ask for more than the cuts free: each gets the same share (56 / 70) of its step.
    expect(rulesSplit([350, 280], [d('scale_up', 175, 210), d('cut', 140, 112)])).toEqual({ plan: [406, 224], spread: [false, false], unallocated: 0 });
    // No scale-up: the held channel takes the freed money and says so.
    expect(rulesSplit([100, 100], [d('hold', 1, 1), d('cut', 1, 0.8)])).toEqual({ plan: [120, 80], spread: [true, false], unallocated: 0 });
    // Only cuts and trims: the freed money stays unplanned.
    expect(rulesSplit([100, 100], [d('trim', 1, 0.9), d('cut', 1, 0.8)])).toEqual({ plan: [90, 80], spread: [false, false], unallocated: 30 });
  });

  it('keeps a channel inside its bounds and still spends the total', () => {
    const plan = simplePlan({ series: series(), weeks: 2, total: 630, outcome: 'conversions', reason, bounds: { a: { max: 400 } } });
    expect(plan.allocation.map((a) => a.spend)).toEqual([400, 230]);
    // b is cut less than its rule asked (280 → 230 is −18%), a raised: both still follow their rules.
    expect(plan.moves[1]).toMatch(/^lower b by 18% \(280.00 → 230.00\): average cost per conversion 70.00/);
    expect(() => simplePlan({ series: series(), weeks: 2, total: 630, outcome: 'conversions', reason, bounds: { a: { min: 500 }, b: { min: 200 } } })).toThrow(/total: 630 is below the sum of channel minimums \(700\)/);
    expect(() => simplePlan({ series: series(), weeks: 2, total: 630, outcome: 'conversions', reason, bounds: { tv: { max: 1 } } })).toThrow(/bounds.tv: unknown channel/);
  });

  it('splits an odd total to the cent', () => {
    const plan = simplePlan({ series: series(), weeks: 3, total: 1000.01, outcome: 'conversions', reason });
    expect(plan.allocation.reduce((acc, a) => acc + Math.round(a.spend * 100), 0)).toBe(100001);
    expect(plan.allocation.reduce((acc, a) => acc + Math.round(a.current * 100), 0)).toBe(100001);
  });
});
