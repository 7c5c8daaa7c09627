import { describe, expect, it } from 'vitest';
import type { ExperimentVariantStats } from '../../store/store.js';
import { applyExperimentPatch, parseExperimentDefinition } from './experiments-definition.js';
import { computeExperimentResults } from './experiments-results.js';

const now = new Date('2026-03-15T00:00:00Z');
const rel = (actual: number, expected: number, tol: number) => expect(Math.abs(actual / expected - 1)).toBeLessThan(tol);
const row = (variant: string, users: number, converters: number, revenue_sum = 0, revenue_sum_squares = 0, leads = 0): ExperimentVariantStats => ({
  variant, users, converters, conversions: converters, revenue_sum, revenue_sum_squares, leads,
});

function definition(extra: Record<string, unknown> = {}) {
  return parseExperimentDefinition({ key: 'hero', name: 'Hero', status: 'running', start: '2026-03-01T00:00:00Z', variants: [{ name: 'A' }, { name: 'B' }], ...extra }, now);
}

/** Every number in a JSON-like value, with its path. */
function numbers(value: unknown, path = ''): [string, number][] {
  if (typeof value === 'number') return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => numbers(v, `${path}.${i}`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => numbers(v, `${path}.${k}`));
  return [];
}

describe('computeExperimentResults', () => {
  it('maps the snippet\'s numeric arms to variant names, merges them, and leaves out unknown variants', () => {
    const r = computeExperimentResults(definition(), [row('0', 10, 1), row('A', 90, 9), row('1', 100, 20), row('Z', 5, 5)], now);
    expect(r.stats.map((s) => [s.variant, s.users, s.converters])).toEqual([['A', 100, 10], ['B', 100, 20]]);
    expect(r.unknown_variants.map((u) => u.variant)).toEqual(['Z']);
    expect(r.notes[0]).toMatch(/"Z" \(5 users\)/);
  });

  it('no data: well-defined output, no NaN or Infinity anywhere', () => {
    const r = computeExperimentResults(definition({ secondary_metrics: ['conversion_rate', 'average_order_value', 'leads_per_user'], guardrail_metrics: ['revenue_per_user'] }), [], now);
    expect(r.analysis).toBeNull();
    expect(r.srm_p_value).toBeNull();
    expect(r.variants).toEqual([{ name: 'A', users: 0, value: null, lift: null }, { name: 'B', users: 0, value: null, lift: null }]);
    expect(r.verdict).toMatch(/^Not enough data yet/);
    expect(numbers(r).filter(([, n]) => !Number.isFinite(n))).toEqual([]);
  });

  it('a variant without exposures blocks the test but not the others\' counts', () => {
    const r = computeExperimentResults(definition({ metric: 'revenue_per_user' }), [row('A', 50, 5, 100, 2000)], now);
    expect(r.analysis).toBeNull();
    expect(r.stats[1]).toEqual(row('B', 0, 0));
  });

  it('planned traffic shares come from the definition: 1000 vs 2600 under 1:3 is a mismatch', () => {
    const r = computeExperimentResults(definition({ variants: [{ name: 'A', weight: 1 }, { name: 'B', weight: 3 }] }), [row('A', 1000, 50), row('B', 2600, 130)], now);
    // R: chisq.test(c(1000, 2600), p = c(0.25, 0.75))$p.value
    rel(r.srm_p_value as number, 0.00011860013866224718, 1e-6);
    expect(r.srm_warning).toMatch(/Sample ratio mismatch/);
    expect(r.variants.map((v) => ('weight' in v ? v.weight : null))).toEqual([0.25, 0.75]);
  });

  it('guardrail: a significant drop in revenue per user is flagged (Welch p from R)', () => {
    const stats = [row('A', 20000, 1000, 55000, 55000 * 60), row('B', 20100, 1200, 50000, 50000 * 45)];
    const r = computeExperimentResults(definition({ guardrail_metrics: ['revenue_per_user'] }), stats, now);
    const report = r.guardrails.revenue_per_user?.report;
    expect(report?.tested).toBe(true);
    // R: Welch t from the sums: t = -2.2899739292315435, df = 38536.87, 2 * pt(-|t|, df) = 0.022028205686953271
    rel(report?.tested ? (report.variants[1].p_value as number) : NaN, 0.022028205686953271, 1e-6);
    expect(r.guardrails.revenue_per_user?.breached).toEqual(['B']);
    expect(r.verdict).toMatch(/Guardrail warning: B hurts revenue per user/);
  });

  it('how many more days: R power.prop.test n for the observed control rate, at the traffic so far', () => {
    // 14 days, 40 100 people: 2864.3 a day, 1432.1 per variant. R: power.prop.test(p1 = 0.05, p2 = 0.055, power = 0.8)$n = 31233.44 -> 31234.
    // A needs 11 234 more (7.84 days), B 11 134 (7.77 days) -> 8.
    const r = computeExperimentResults(definition(), [row('A', 20000, 1000), row('B', 20100, 1010)], now);
    expect(r.days_running).toBe(14);
    expect(r.planned_users_per_variant).toBe(31234);
    expect(r.more_days_needed).toBe(8);
    expect(r.verdict).toBe('No winner yet: keep the test running. About 8 more days to reach the planned 31234 users per variant.');
  });

  it('declares a winner only on the sequential p-value (the stopping rule)', () => {
    const r = computeExperimentResults(definition(), [row('A', 20000, 1000), row('B', 20100, 1200)], now);
    const b = r.analysis?.variants[1];
    expect(b?.sequential_p_value).toBeLessThan(0.05);
    expect(r.verdict).toMatch(/^B wins: \+19\.4% conversion rate, >99% chance to beat A, enough data/);
    // A fixed-horizon p below 0.05 is not enough on its own
    const early = computeExperimentResults(definition(), [row('A', 1000, 100), row('B', 1000, 130)], now);
    expect(early.analysis?.variants[1].p_value).toBeLessThan(0.05);
    expect(early.analysis?.variants[1].sequential_p_value).toBeGreaterThan(0.05);
    expect(early.verdict).toMatch(/^No winner yet/);
  });

  it('a stopped test counts its days up to the stop', () => {
    const stopped = applyExperimentPatch(definition(), { status: 'stopped', stop: '2026-03-06T12:00:00Z' }, now);
    expect(computeExperimentResults(stopped, [], now).days_running).toBe(5);
  });
});

describe('experiment definitions', () => {
  it('fills defaults and sets id = key', () => {
    const d = parseExperimentDefinition({ key: 'cta-2', name: ' CTA ', variants: [{ name: 'A' }, { name: 'B', weight: 2 }] }, now);
    expect(d).toEqual({ id: 'cta-2', key: 'cta-2', name: 'CTA', status: 'draft', metric: 'conversion_rate', variants: [{ name: 'A', weight: 1 }, { name: 'B', weight: 2 }], created_at: now.toISOString() });
  });

  it('names every bad field by its path', () => {
    const issues = (raw: unknown) => {
      try {
        parseExperimentDefinition(raw, now);
      } catch (err) {
        return (err as { issues: { path: string }[] }).issues.map((i) => i.path).sort();
      }
      return [];
    };
    expect(issues({ key: 'k', name: 'N', variants: [{ name: 'A' }, { name: 'A', weight: 0 }] })).toEqual(['variants.1.name', 'variants.1.weight']);
    expect(issues({ key: 'plan', name: 'N', variants: [{ name: 'A' }, { name: 'B' }] })).toEqual(['key']);
    expect(issues({ key: 'k', name: 'N', variants: [{ name: 'A' }, { name: 'B' }], start: '2026-03-10', stop: '2026-03-01', extra: 1 })).toEqual(['(definition)', 'stop']);
    expect(issues({ key: 'k', name: 'N', variants: [{ name: 'A' }, { name: 'B' }], targeting: { city: 'Hanoi' } })).toEqual(['targeting']);
  });
});
