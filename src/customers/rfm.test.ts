import { describe, expect, it } from 'vitest';
import { quintileCuts, quintileScores, rfmMovement, rfmScores, rfmSegment, rfmSegments } from './rfm.js';
import type { Transaction } from './transactions.js';

describe('quintileScores', () => {
  it('puts n/5 customers in each score without ties', () => {
    const scores = quintileScores([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect(scores).toEqual([5, 5, 4, 4, 3, 3, 2, 2, 1, 1]);
  });

  it('cuts at the type-7 quintiles, as R quantile(x, c(.2, .4, .6, .8))', () => {
    // Positions (n − 1)·k/5 = 1.8, 3.6, 5.4, 7.2 in 1..10 → 2.8, 4.6, 6.4, 8.2 (R prints the same).
    expect(quintileCuts([10, 9, 8, 7, 6, 5, 4, 3, 2, 1])).toEqual([2.8, 4.6, 6.4, 8.2]);
  });

  it('gives 7 tied minimum frequencies out of 10 the score 1 (hand-computed)', () => {
    // sorted: 1 1 1 1 1 1 1 2 3 5; positions 1.8, 3.6, 5.4 fall inside the run of 1s and
    // 7.2 between 2 and 3 → cuts 1, 1, 1, 2.2. A 1 has no cut strictly below it → 1; a 2 has
    // three → 4; 3 and 5 have four → 5. R: findInterval(x, quantile(x, c(.2,.4,.6,.8)), left.open = TRUE) + 1.
    const frequency = [1, 1, 2, 1, 5, 1, 1, 3, 1, 1];
    expect(quintileCuts(frequency)).toEqual([1, 1, 1, 2.2]);
    expect(quintileScores(frequency)).toEqual([1, 1, 4, 1, 5, 1, 1, 5, 1, 1]);
  });

  it('scores recency symmetrically through the negated values', () => {
    // Days since last purchase: seven at 100, then 30, 5, 0. Negated and sorted: −100 ×7, −30, −5, 0 →
    // cuts −100, −100, −100, −30 + 0.2·25 = −25. The long-lapsed tie gets R = 1; 30 days has three cuts
    // below −30 → 4; 5 and 0 days → 5.
    const recency = [100, 30, 100, 100, 5, 100, 100, 0, 100, 100];
    expect(quintileScores(recency.map((d) => -d))).toEqual([1, 4, 1, 1, 5, 1, 1, 5, 1, 1]);
  });

  it('gives tied values one score; ties at the minimum score 1', () => {
    // sorted: 1 2 2 2 2 3 → cuts at positions 1, 2, 3, 4 are all 2 → none below 1 or 2, four below 3.
    expect(quintileScores([2, 1, 2, 3, 2, 2])).toEqual([1, 1, 1, 5, 1, 1]);
    expect(quintileScores([7, 7, 7])).toEqual([1, 1, 1]);
    expect(quintileScores([4])).toEqual([1]);
    expect(quintileScores([])).toEqual([]);
  });

  it('never splits a tie and never ranks a larger value lower (200 values, heavy ties)', () => {
    let seed = 12345; // deterministic LCG (Numerical Recipes constants)
    const next = () => (seed = (seed * 1664525 + 1013904223) % 4294967296) / 4294967296;
    const violations: string[] = [];
    for (let trial = 0; trial < 20; trial++) {
      const values = Array.from({ length: 200 }, () => (next() < 0.6 ? 1 : 1 + Math.floor(next() * (2 + trial))));
      const scores = quintileScores(values);
      const scoreOf = new Map<number, number>();
      for (let i = 0; i < values.length; i++) {
        if ((scoreOf.get(values[i]) ?? scores[i]) !== scores[i]) violations.push(`trial ${trial}: tie at ${values[i]} split`);
        scoreOf.set(values[i], scores[i]);
      }
      const distinct = [...scoreOf].sort((a, b) => a[0] - b[0]);
      for (let k = 1; k < distinct.length; k++) if (distinct[k][1] < distinct[k - 1][1]) violations.push(`trial ${trial}: ${distinct[k][0]} scored below ${distinct[k - 1][0]}`);
      if (scoreOf.get(1) !== 1) violations.push(`trial ${trial}: the tie at the minimum scored ${scoreOf.get(1)}`);
    }
    expect(violations).toEqual([]);
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

describe('rfmScores when most customers bought once', () => {
  // Ten customers as of 2024-03-31; seven bought once (F = 1 by the tie rule above), three bought
  // two, three and five times. Recency days are all distinct: n1 1, n2 3, p1 10, s1 20, s2 40,
  // s3 60, s4 80 and the repeat buyers r2 5, r3 15, r5 30.
  // Recency (negated) cuts at positions 1.8, 3.6, 5.4, 7.2 of −80 −60 −40 −30 −20 −15 −10 −5 −3 −1
  // → −44, −24, −13, −4.6 (R quantile() agrees): R = 5 for 1 and 3 days, 4 for 5 and 10, 3 for 15 and 20, 2 for 30 and
  // 40, 1 for 60 and 80. Frequency 1 1 1 1 1 1 1 2 3 5 → F = 1, 4 (two orders), 5, 5.
  const tx: Transaction[] = [];
  const once = (id: string, date: string, amount: number) => tx.push({ customer_id: id, date, amount });
  once('n1', '2024-03-30', 40); // bought yesterday, first order → New
  once('n2', '2024-03-28', 20);
  once('p1', '2024-03-21', 25);
  once('s1', '2024-03-11', 30);
  once('s2', '2024-02-20', 10);
  once('s3', '2024-01-31', 15);
  once('s4', '2024-01-11', 50);
  ['2024-02-01', '2024-03-26'].forEach((d) => once('r2', d, 60));
  ['2024-01-05', '2024-02-10', '2024-03-16'].forEach((d) => once('r3', d, 35));
  ['2023-12-01', '2024-01-01', '2024-01-20', '2024-02-15', '2024-03-01'].forEach((d) => once('r5', d, 20));
  const result = rfmScores(tx, { asOf: '2024-03-31' });
  const by = Object.fromEntries(result.customers.map((c) => [c.customer_id, c]));

  it('gives every single-order customer F = 1 and names their segment by recency', () => {
    const single = ['n1', 'n2', 'p1', 's1', 's2', 's3', 's4'];
    expect(single.map((id) => by[id].f)).toEqual([1, 1, 1, 1, 1, 1, 1]);
    expect(by.n1).toMatchObject({ recency_days: 1, frequency: 1, r: 5, f: 1, segment: 'New' });
    expect(by.n2).toMatchObject({ recency_days: 3, r: 5, segment: 'New' });
    expect(by.p1).toMatchObject({ recency_days: 10, r: 4, segment: 'Promising' });
    expect(by.s1).toMatchObject({ recency_days: 20, r: 3, segment: 'About to sleep' });
    expect(by.s2).toMatchObject({ recency_days: 40, r: 2, segment: 'Hibernating' });
    expect([by.s3.segment, by.s4.segment]).toEqual(['Lost', 'Lost']);
  });

  it('scores the repeat buyers above the tie', () => {
    expect(by.r2).toMatchObject({ recency_days: 5, frequency: 2, r: 4, f: 4, segment: 'Loyal' });
    expect(by.r3).toMatchObject({ recency_days: 15, frequency: 3, r: 3, f: 5, segment: 'Loyal' });
    expect(by.r5).toMatchObject({ recency_days: 30, frequency: 5, r: 2, f: 5, segment: "Can't lose" });
  });

  it('segment counts partition the ten customers', () => {
    const count = Object.fromEntries(result.segments.map((s) => [s.segment, s.customers]));
    expect(count).toMatchObject({ New: 2, Promising: 1, 'About to sleep': 1, Hibernating: 1, Lost: 2, Loyal: 2, "Can't lose": 1 });
    expect(result.segments.reduce((s, x) => s + x.customers, 0)).toBe(10);
  });
});
