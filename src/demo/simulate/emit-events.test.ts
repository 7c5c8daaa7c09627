import { describe, expect, it } from 'vitest';
import { IsoClock, demoWindow } from '../world/calendar.js';
import { timeOrder } from './emit-events.js';
import { Rng } from '../world/prng.js';

describe('timeOrder', () => {
  it('orders by time with ties in index order (hand example)', () => {
    expect(Array.from(timeOrder([30, 10, 20, 10]))).toEqual([1, 3, 2, 0]);
    expect(Array.from(timeOrder([]))).toEqual([]);
  });
  it('agrees with a stable comparator sort on random day times', () => {
    const rng = new Rng(5);
    const base = Date.parse('2026-11-20T00:00:00.000Z');
    const times = Array.from({ length: 5000 }, () => base + rng.int(86_400_000 / 1000) * 1000);
    const expected = times.map((_, i) => i).sort((a, b) => times[a] - times[b] || a - b);
    expect(Array.from(timeOrder(times))).toEqual(expected);
  });
});

describe('IsoClock', () => {
  it('formats like Date#toISOString inside and outside the window', () => {
    const window = demoWindow('2026-11-20', 90);
    const clock = new IsoClock(window);
    const rng = new Rng(9);
    for (let i = 0; i < 2000; i += 1) {
      const ms = window.startMs + rng.int(90 * 86_400_000);
      expect(clock.format(ms)).toBe(new Date(ms).toISOString());
    }
    expect(clock.format(window.startMs - 1)).toBe('2026-08-22T23:59:59.999Z');
    expect(clock.format(Date.parse('2026-11-20T13:04:05.006Z'))).toBe('2026-11-20T13:04:05.006Z');
  });
});
