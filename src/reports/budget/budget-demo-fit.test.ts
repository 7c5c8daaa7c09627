/**
 * Issue 11 #8: the marketing-mix model must pass its own time holdout on
 * roilens' demo worlds. The series is the one the store gives (daily spend per
 * paid channel and first purchases per day, equal to the truth's incremental +
 * baseline first purchases: see test/server/budget.test.ts, "counts new
 * customers per day exactly"). "Passes" is what the plan asks of a fit in auto
 * mode (`unreliableFit` is null: forecast skill ≥ 0 and media below the
 * observed outcome) and a holdout R² of at least 0.3 (below it the fit warns).
 *
 * Measured history on the default world (seed 42, 90 days, 100,000 people,
 * end date pinned): first the true curves scored holdout R² −0.005 (no spend
 * movement in the last 15%) and the fit −0.92, so the plan fell back to simple
 * mode. The demo's first budget test (search paused below anything seen before)
 * gave true R² 0.62 and fit 0.52 there, but on the 42-world bench the true
 * curves failed R² 0.3 on 17 worlds and the fit on 32 (14 in simple mode). Now
 * (peak then dark, both seen in training; trend prior, K inside the data, S ≤ 2):
 * true curves 0.81, fit 0.64, skill 0.65 on the default world; on the bench
 * the true curves pass on 41 of 42 worlds and the fit on 37 (see
 * bench/results/budget-demo-holdout.json).
 */
import { describe, expect, it } from 'vitest';
import { fitMmm, type MmmDataset } from '../../budget/index.js';
import { generateDemoTruth } from '../../demo/generate.js';
import { unreliableFit } from './budget.js';

/** The truth's baseline weekday factors, Monday first (the truth's `model.baseline`). */
const weekday = [1, 1, 1, 1.05, 1.05, 1.1, 0.9];

/** 1 − SSE / Σ(y − mean of the holdout)²: the holdout R² as fitMmm reports it. */
function holdoutR2(actual: number[], predicted: number[]): number {
  const mean = actual.reduce((a, b) => a + b, 0) / actual.length;
  const sse = actual.reduce((a, y, t) => a + (y - predicted[t]) ** 2, 0);
  return 1 - sse / actual.reduce((a, y) => a + (y - mean) ** 2, 0);
}

/** A demo world's budget series, its fit, and the holdout R² of the truth's own expected first purchases. */
function demoCase(seed: number, endDate: string) {
  const truth = generateDemoTruth({ seed, days: 90, visitors: 100_000, endDate });
  const daily = truth.daily;
  const paid = truth.channels.filter((c) => c.response !== null);
  const outcome = daily.map((d) => Object.values(d.incremental).reduce((a, b) => a + b, 0) + d.baseline);
  const data: MmmDataset = {
    dates: daily.map((d) => d.date),
    channels: paid.map((c) => c.channel),
    spend: paid.map((c) => daily.map((d) => d.spend[c.channel] ?? 0)),
    outcome,
  };
  // Σ β·Hill(adstock) per channel + the baseline 16 × weekday × (1 + 0.15 t / days) (scale 1).
  const expected = daily.map((d, t) => {
    const dow = (new Date(`${d.date}T00:00:00Z`).getUTCDay() + 6) % 7;
    return Object.values(d.expected).reduce((a, b) => a + b, 0) + 16 * weekday[dow] * (1 + (0.15 * t) / daily.length);
  });
  const holdout = Math.round(daily.length * 0.15);
  const fit = fitMmm(data);
  return { holdout, fit, unreliable: unreliableFit(fit, outcome), truthR2: holdoutR2(outcome.slice(-holdout), expected.slice(-holdout)) };
}

describe('the budget model on the default demo world', () => {
  const world = demoCase(42, '2026-11-20');

  it('has a holdout that can be forecast: the true curves score R² ≥ 0.3 on the last 14 days', () => {
    expect(world.fit.fit.holdout.periods).toBe(world.holdout);
    expect(world.truthR2).toBeGreaterThanOrEqual(0.3);
  });

  it('fits and passes its holdout (R² ≥ 0.3, forecast skill ≥ 0.3), so auto mode plans with the model, not simple mode', () => {
    expect(world.fit.fit.holdout.r2).toBeGreaterThanOrEqual(0.3);
    expect(world.fit.fit.holdout.skill).toBeGreaterThanOrEqual(0.3);
    expect(world.unreliable).toBeNull();
  });
});

describe('the budget model on other demo worlds', () => {
  // The first four seeds at the library's default end date, fixed (not picked): on the 42-world bench 37 pass,
  // so one of four may miss R² 0.3 by noise; all must stay out of simple mode.
  const cases = [1, 2, 3, 4].map((seed) => demoCase(seed, '2026-11-20'));

  it('has a forecastable holdout on every world (true curves R² ≥ 0.3)', () => {
    for (const c of cases) expect(c.truthR2).toBeGreaterThanOrEqual(0.3);
  });

  it('plans with the model on every world and passes R² 0.3 on at least three of four', () => {
    for (const c of cases) expect(c.unreliable).toBeNull();
    expect(cases.filter((c) => c.fit.fit.holdout.r2 >= 0.3).length).toBeGreaterThanOrEqual(3);
  });
});
