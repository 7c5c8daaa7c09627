import { describe, expect, it } from 'vitest';
import { benjaminiHochbergAdjust, holmAdjust } from './multiple-testing.js';

const close = (a: number[], b: number[]) => a.forEach((x, i) => expect(x).toBeCloseTo(b[i], 14));

describe('Holm and Benjamini–Hochberg against R p.adjust', () => {
  it('five unsorted p-values', () => {
    const p = [0.01, 0.04, 0.03, 0.005, 0.2];
    // R: p.adjust(c(0.01, 0.04, 0.03, 0.005, 0.2), "holm") / "BH"
    close(holmAdjust(p), [0.04, 0.09, 0.09, 0.025, 0.2]);
    close(benjaminiHochbergAdjust(p), [0.025, 0.05, 0.05, 0.025, 0.2]);
  });

  it('the 15 p-values of Benjamini & Hochberg (1995), section 4', () => {
    const p = [0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.324, 0.4262, 0.5719, 0.6528, 0.759, 1.0];
    // R: p.adjust(p, "BH"); the paper rejects the first 4 at q = 0.05, and so do we
    const bh = benjaminiHochbergAdjust(p);
    close(bh, [0.0015, 0.003, 0.0095, 0.035625, 0.0603, 0.063857142857142862, 0.063857142857142862, 0.0645, 0.0765, 0.486, 0.58118181818181813, 0.714875, 0.75323076923076926, 0.81321428571428567, 1]);
    expect(bh.filter((x) => x <= 0.05)).toHaveLength(4);
    // R: p.adjust(p, "holm"); Bonferroni-Holm rejects 3
    const holm = holmAdjust(p);
    close(holm, [0.0015, 0.0056, 0.0247, 0.114, 0.2211, 0.278, 0.278, 0.278, 0.3213, 1, 1, 1, 1, 1, 1]);
    expect(holm.filter((x) => x <= 0.05)).toHaveLength(3);
  });

  it('one p-value is left alone; empty input gives empty output', () => {
    expect(holmAdjust([0.03])).toEqual([0.03]);
    expect(benjaminiHochbergAdjust([0.03])).toEqual([0.03]);
    expect(holmAdjust([])).toEqual([]);
  });
});
