import { describe, expect, it } from 'vitest';
import { compareCodePoints, quintilesByRank } from './rfm-rank.js';
import { rfmMovement, rfmScores, rfmSegment, rfmSegments, rfmTopCustomers } from './rfm.js';
import type { Transaction } from '../purchases/transactions.js';

/** Deterministic LCG (Numerical Recipes constants): numbers in [0, 1). */
function lcg(seed: number): () => number {
  return () => (seed = (seed * 1664525 + 1013904223) % 4294967296) / 4294967296;
}

describe('quintilesByRank', () => {
  it('puts n/5 items in each score, by rank (hand-computed)', () => {
    // Ranks 0…9 → 1 + ⌊5·rank/10⌋ = 1 1 2 2 3 3 4 4 5 5.
    expect(quintilesByRank([10, 9, 8, 7, 6, 5, 4, 3, 2, 1], (a, b) => a - b)).toEqual([5, 5, 4, 4, 3, 3, 2, 2, 1, 1]);
    // n = 7: 1 + ⌊5·rank/7⌋ for ranks 0…6 = 1 1 2 3 3 4 5.
    expect(quintilesByRank([0, 1, 2, 3, 4, 5, 6], (a, b) => a - b)).toEqual([1, 1, 2, 3, 3, 4, 5]);
    // Fewer than five items leave scores empty: n = 3 → 1, 2, 4.
    expect(quintilesByRank(['c', 'a', 'b'], (a, b) => a.localeCompare(b))).toEqual([4, 1, 2]);
    expect(quintilesByRank([4], (a, b) => a - b)).toEqual([1]);
    expect(quintilesByRank([], (a: number, b: number) => a - b)).toEqual([]);
  });

  it('every score holds ⌊n/5⌋ or ⌈n/5⌉ items and rank order is kept (n = 1…60)', () => {
    const bad: string[] = [];
    for (let n = 1; n <= 60; n++) {
      const values = Array.from({ length: n }, (_, i) => (i * 37) % n); // a permutation of 0…n−1
      const scores = quintilesByRank(values, (a, b) => a - b);
      const sizes = [1, 2, 3, 4, 5].map((s) => scores.filter((x) => x === s).length);
      if (n >= 5 && sizes.some((size) => size !== Math.floor(n / 5) && size !== Math.ceil(n / 5))) bad.push(`n=${n}: ${sizes}`);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (values[i] < values[j] && scores[i] > scores[j]) bad.push(`n=${n}: ${values[i]} above ${values[j]}`);
    }
    expect(bad).toEqual([]);
  });
});

describe('compareCodePoints', () => {
  it('orders strings as their UTF-8 bytes (ClickHouse string order), surrogate pairs included', () => {
    const next = lcg(99);
    const alphabet = ['a', 'Z', '0', '_', 'é', '\u07ff', '\u0800', 'ی', '\ud7ff', '\ue000', '\uffff', '😀', '𝄞', '\u{10ffff}'];
    const strings = Array.from({ length: 400 }, () => Array.from({ length: Math.floor(next() * 4) }, () => alphabet[Math.floor(next() * alphabet.length)]).join(''));
    const sign = (x: number) => Math.sign(x);
    const wrong = [];
    for (let i = 0; i + 1 < strings.length; i++) {
      const [a, b] = [strings[i], strings[i + 1]];
      if (sign(compareCodePoints(a, b)) !== sign(Buffer.compare(Buffer.from(a), Buffer.from(b)))) wrong.push([a, b]);
    }
    expect(wrong).toEqual([]);
    expect(compareCodePoints('\uffff', '😀')).toBeLessThan(0); // U+FFFF < U+1F600 although 0xFFFF > 0xD83D
    expect(compareCodePoints('ab', 'abc')).toBeLessThan(0);
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
  // Ten customers as of 2024-03-31; seven bought once, three bought two, three and five times.
  // Each score is 1 + ⌊5·rank/10⌋ = 1 + ⌊rank/2⌋ over the ten sorted worst first (hand-sorted below).
  const tx: Transaction[] = [];
  const once = (id: string, date: string, amount: number) => tx.push({ customer_id: id, date, amount });
  once('n1', '2024-03-30', 40); // 1 day, 1 order, 40
  once('n2', '2024-03-28', 20); // 3 days, 20
  once('p1', '2024-03-21', 25); // 10 days, 25
  once('s1', '2024-03-11', 30); // 20 days, 30
  once('s2', '2024-02-20', 10); // 40 days, 10
  once('s3', '2024-01-31', 15); // 60 days, 15
  once('s4', '2024-01-11', 50); // 80 days, 50
  ['2024-02-01', '2024-03-26'].forEach((d) => once('r2', d, 60)); // 5 days, 2 orders, 120
  ['2024-01-05', '2024-02-10', '2024-03-16'].forEach((d) => once('r3', d, 35)); // 15 days, 3, 105
  ['2023-12-01', '2024-01-01', '2024-01-20', '2024-02-15', '2024-03-01'].forEach((d) => once('r5', d, 20)); // 30 days, 5, 100
  const result = rfmScores(tx, { asOf: '2024-03-31' });
  const by = Object.fromEntries(result.customers.map((c) => [c.customer_id, c]));
  const scores = (ids: string[]) => ids.map((id) => `${id}:${by[id].score}`);

  it('splits the tie of one-time buyers by what they spent (hand-computed)', () => {
    // R, most days first: s4 80, s3 60 → 1; s2 40, r5 30 → 2; s1 20, r3 15 → 3; p1 10, r2 5 → 4; n2 3, n1 1 → 5.
    // F, orders then revenue: one-time buyers s2 10, s3 15 → 1; n2 20, p1 25 → 2; s1 30, n1 40 → 3;
    //   s4 50 and r2 (2 orders) → 4; r3 (3), r5 (5) → 5.
    // M, revenue: s2 10, s3 15 → 1; n2 20, p1 25 → 2; s1 30, n1 40 → 3; s4 50, r5 100 → 4; r3 105, r2 120 → 5.
    expect(scores(['n1', 'n2', 'p1', 's1', 's2', 's3', 's4', 'r2', 'r3', 'r5'])).toEqual([
      'n1:533', 'n2:522', 'p1:422', 's1:333', 's2:211', 's3:111', 's4:144', 'r2:445', 'r3:355', 'r5:254',
    ]);
    expect(by.s1).toMatchObject({ recency_days: 20, frequency: 1, monetary: 30, segment: 'Need attention' });
    expect([by.n1.segment, by.n2.segment, by.p1.segment]).toEqual(['Potential loyalist', 'Potential loyalist', 'Potential loyalist']);
    expect([by.s2.segment, by.s3.segment, by.s4.segment]).toEqual(['Hibernating', 'Lost', 'At risk']);
    expect([by.r2.segment, by.r3.segment, by.r5.segment]).toEqual(['Loyal', 'Loyal', "Can't lose"]);
  });

  it('breaks a tie on every measure by the customer id, whatever the input order', () => {
    // Two customers identical in days, orders and revenue: "x1" < "x2", so x2 ranks above.
    const twins: Transaction[] = [...tx, { customer_id: 'x2', date: '2024-03-30', amount: 40 }, { customer_id: 'x1', date: '2024-03-30', amount: 40 }];
    const a = rfmScores(twins, { asOf: '2024-03-31' }).customers;
    const b = rfmScores([...twins].reverse(), { asOf: '2024-03-31' }).customers;
    const key = (list: typeof a) => Object.fromEntries(list.map((c) => [c.customer_id, c.score]));
    expect(key(b)).toEqual(key(a));
    // 12 customers. n1, x1 and x2 tie on days (1), orders (1) and revenue (40), so ids order them:
    // R ranks (most days first) s4 s3 s2 r5 s1 r3 p1 r2 n2 = 0…8, then n1 9, x1 10, x2 11 →
    // 1 + ⌊5·rank/12⌋ = 4, 5, 5. M ranks 5, 6, 7 (after s2 s3 n2 p1 s1) → 3, 3, 3.
    const ranked = ['n1', 'x1', 'x2'].map((id) => `${id}:${key(a)[id][0]}${key(a)[id][2]}`);
    expect(ranked).toEqual(['n1:43', 'x1:53', 'x2:53']);
  });

  it('lists the most valuable customers by revenue, then orders, then recency', () => {
    const top = rfmTopCustomers(result.customers, 4).map((c) => c.customer_id);
    expect(top).toEqual(['r2', 'r3', 'r5', 's4']); // 120, 105, 100, 50
    const tied: Transaction[] = [
      { customer_id: 'b', date: '2024-03-01', amount: 50 }, // 50 in one order, 30 days
      { customer_id: 'a', date: '2024-03-20', amount: 50 }, // 50 in one order, 11 days → above b
      { customer_id: 'c', date: '2024-01-01', amount: 25 }, // 50 in two orders → above both
      { customer_id: 'c', date: '2024-01-02', amount: 25 },
      { customer_id: 'e', date: '2024-03-20', amount: 50 }, // identical to a: id order, a first
    ];
    expect(rfmTopCustomers(rfmScores(tied, { asOf: '2024-03-31' }).customers, 10).map((c) => c.customer_id)).toEqual(['c', 'a', 'e', 'b']);
  });
});

/**
 * A synthetic population shaped like real shops: about 70% bought once, the repeat buyers'
 * orders fall off geometrically, amounts are spread ×0.2…×5 around 50, last purchases anywhere
 * in 180 days; plus a short history where a third of the orders are repeats.
 */
function population(seed: number, customers: number): Transaction[] {
  const next = lcg(seed);
  const tx: Transaction[] = [];
  for (let i = 0; i < customers; i++) {
    let orders = 1;
    if (next() < 0.3) while (orders < 30 && next() < 0.55) orders++;
    if (orders === 1 && next() < 0.3) orders = 2;
    const last = Math.floor(next() * 180);
    for (let k = 0; k < orders; k++) {
      const day = new Date(Date.UTC(2024, 5, 30) - (last + k * 7) * 86_400_000).toISOString().slice(0, 10);
      tx.push({ customer_id: `c${i}`, date: day, amount: Math.round(50 * Math.exp((next() - 0.5) * 3.2) * 100) / 100 });
    }
  }
  return tx;
}

describe('rfmScores on realistic populations (property tests)', () => {
  it('no score and no segment is empty, though most customers bought once', () => {
    const empty: string[] = [];
    for (let seed = 1; seed <= 12; seed++) {
      const tx = population(seed, 400 + seed * 50);
      const { customers, segments } = rfmScores(tx, { asOf: '2024-06-30' });
      const once = customers.filter((c) => c.frequency === 1).length / customers.length;
      if (once < 0.5) empty.push(`seed ${seed}: only ${once} bought once`);
      for (const key of ['r', 'f', 'm'] as const) {
        for (let s = 1; s <= 5; s++) {
          const size = customers.filter((c) => c[key] === s).length;
          if (size !== Math.floor(customers.length / 5) && size !== Math.ceil(customers.length / 5)) empty.push(`seed ${seed}: ${key} = ${s} holds ${size}`);
        }
      }
      for (const seg of segments) if (seg.customers === 0) empty.push(`seed ${seed}: ${seg.segment} empty`);
    }
    expect(empty).toEqual([]);
  });

  it('a customer better on a measure never scores lower on it; the scores do not depend on the input order', () => {
    const bad: string[] = [];
    for (let seed = 20; seed < 26; seed++) {
      const tx = population(seed, 300);
      const { customers } = rfmScores(tx, { asOf: '2024-06-30' });
      const shuffle = lcg(seed);
      const mixed = [...tx];
      for (let i = mixed.length - 1; i > 0; i--) {
        const j = Math.floor(shuffle() * (i + 1));
        [mixed[i], mixed[j]] = [mixed[j], mixed[i]];
      }
      const shuffled = rfmScores(mixed, { asOf: '2024-06-30' }).customers;
      const again = new Map(shuffled.map((c) => [c.customer_id, c.score]));
      for (const c of customers) if (again.get(c.customer_id) !== c.score) bad.push(`seed ${seed}: ${c.customer_id} ${c.score} vs ${again.get(c.customer_id)}`);
      for (const a of customers) {
        for (const b of customers) {
          if (a.recency_days < b.recency_days && a.r < b.r) bad.push(`R: ${a.customer_id} more recent, scored lower`);
          if (a.frequency > b.frequency && a.f < b.f) bad.push(`F: ${a.customer_id} more orders, scored lower`);
          if (a.monetary > b.monetary && a.m < b.m) bad.push(`M: ${a.customer_id} more revenue, scored lower`);
        }
      }
    }
    expect(bad.slice(0, 5)).toEqual([]);
  });

  it('the most valuable customers are never tied on revenue, orders and recency in a realistic population', () => {
    const { customers } = rfmScores(population(7, 2000), { asOf: '2024-06-30' });
    const top = rfmTopCustomers(customers, 20);
    for (let i = 1; i < top.length; i++) {
      const [a, b] = [top[i - 1], top[i]];
      expect(a.monetary > b.monetary || (a.monetary === b.monetary && (a.frequency > b.frequency || (a.frequency === b.frequency && a.recency_days < b.recency_days)))).toBe(true);
    }
  });
});
