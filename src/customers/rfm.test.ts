import { describe, expect, it } from 'vitest';
import { quintileScores, rfmMovement, rfmScores, rfmSegment, rfmSegments } from './rfm.js';
import type { Transaction } from './transactions.js';

describe('quintileScores', () => {
  it('puts n/5 customers in each score without ties', () => {
    const scores = quintileScores([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect(scores).toEqual([5, 5, 4, 4, 3, 3, 2, 2, 1, 1]);
  });

  it('gives tied values one score (mid-rank percentile)', () => {
    // sorted: 1, 2, 2, 2, 2, 3 → mid-rank of the 2s is 3.5 → p = 3/6 → score 3
    expect(quintileScores([2, 1, 2, 3, 2, 2])).toEqual([3, 1, 3, 5, 3, 3]);
    expect(quintileScores([7, 7, 7])).toEqual([3, 3, 3]);
  });
});

describe('rfmSegment', () => {
  it('covers every R×F pair with a named segment, all eleven used', () => {
    const seen = new Set<string>();
    for (let r = 1; r <= 5; r++) for (let f = 1; f <= 5; f++) seen.add(rfmSegment(r, f));
    expect([...seen].sort()).toEqual([...rfmSegments].sort());
    expect(rfmSegment(5, 5)).toBe('Champions');
    expect(rfmSegment(5, 1)).toBe('New');
    expect(rfmSegment(1, 5)).toBe("Can't lose");
    expect(rfmSegment(1, 1)).toBe('Lost');
    expect(rfmSegment(3, 3)).toBe('Need attention');
  });
});

describe('rfmScores', () => {
  // Five customers with distinct recency, frequency and revenue, as of 2024-01-31.
  const tx: Transaction[] = [];
  const add = (id: string, dates: string[], amount: number) => dates.forEach((date) => tx.push({ customer_id: id, date, amount }));
  add('a', ['2024-01-30', '2024-01-20', '2024-01-10', '2024-01-05', '2024-01-01'], 100); // recent, frequent, big
  add('b', ['2024-01-25', '2024-01-15', '2024-01-05', '2024-01-01'], 50);
  add('c', ['2024-01-20', '2024-01-10', '2024-01-01'], 30);
  add('d', ['2024-01-10', '2024-01-01'], 20);
  add('e', ['2024-01-01'], 10);
  tx.push({ customer_id: 'e', date: '2024-02-15', amount: 999 }); // after as-of: ignored

  const result = rfmScores(tx, { asOf: '2024-01-31' });
  const by = Object.fromEntries(result.customers.map((c) => [c.customer_id, c]));

  it('scores by quintile (hand-computed)', () => {
    expect(by.a).toMatchObject({ recency_days: 1, frequency: 5, monetary: 500, r: 5, f: 5, m: 5, score: '555', segment: 'Champions' });
    expect(by.e).toMatchObject({ recency_days: 30, frequency: 1, monetary: 10, r: 1, f: 1, m: 1, segment: 'Lost' });
    expect(by.c).toMatchObject({ r: 3, f: 3, m: 3, segment: 'Need attention' });
  });

  it('grid and segment totals add up to customers and revenue', () => {
    expect(result.grid).toHaveLength(25);
    expect(result.grid.reduce((s, c) => s + c.customers, 0)).toBe(5);
    expect(result.grid.reduce((s, c) => s + c.revenue, 0)).toBe(500 + 200 + 90 + 40 + 10);
    expect(result.segments.reduce((s, c) => s + c.share_of_revenue, 0)).toBeCloseTo(1, 12);
  });

  it('uses fixed thresholds when given', () => {
    const fixed = rfmScores(tx, {
      asOf: '2024-01-31',
      thresholds: { recency: [7, 14, 21, 28], frequency: [2, 3, 4, 5], monetary: [20, 50, 100, 400] },
    });
    const a = fixed.customers.find((c) => c.customer_id === 'a')!;
    const d = fixed.customers.find((c) => c.customer_id === 'd')!;
    expect([a.r, a.f, a.m]).toEqual([5, 5, 5]);
    expect([d.r, d.f, d.m]).toEqual([3, 2, 2]); // 21 days → 3; 2 orders → 2; 40 → 2
  });

  it('reports movement between two scorings', () => {
    const earlier = rfmScores(tx.filter((t) => t.date <= '2024-01-10'), { asOf: '2024-01-10' });
    const moves = rfmMovement(earlier.customers, result.customers);
    expect(moves.reduce((s, m) => s + m.customers, 0)).toBe(5);
    expect(moves.find((m) => m.to === 'Champions')?.customers).toBe(1);
  });
});
