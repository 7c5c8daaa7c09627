import { describe, expect, it } from 'vitest';
import { compareModels } from '../compare.js';
import { DAY_MS, type Journey } from './journey-window.js';
import { assists, journeyPathReports, pathLengths, sankey, topPaths } from './path-reports.js';
import type { PathRow } from '../paths/types.js';

const rows: PathRow[] = [
  { path: ['seo', 'email'], conversions: 3, value: 30, nulls: 7 },
  { path: ['email'], conversions: 5, value: 20, nulls: 5 },
  { path: ['seo', 'email', 'seo'], conversions: 1, value: 5, nulls: 0 },
  { path: ['social'], conversions: 0, value: 0, nulls: 4 },
];

describe('path reports', () => {
  it('top paths by conversions, with journeys and conversion rate', () => {
    expect(topPaths(rows, 2)).toEqual([
      { path: 'email', steps: 1, journeys: 10, conversions: 5, value: 20, conversion_rate: 0.5 },
      { path: 'seo > email', steps: 2, journeys: 10, conversions: 3, value: 30, conversion_rate: 0.3 },
    ]);
  });

  it('path length distribution of conversions', () => {
    expect(pathLengths(rows)).toEqual([
      { bucket: 1, conversions: 5, value: 20 },
      { bucket: 2, conversions: 3, value: 30 },
      { bucket: 3, conversions: 1, value: 5 },
    ]);
  });

  it('assisted vs last touch: seo assists 3 (seo > email), is last in 1; email is last in 8, assists 1', () => {
    expect(assists(rows)).toEqual([
      { channel: 'email', last_touch: 8, assisted: 1, assist_ratio: 1 / 8 },
      { channel: 'seo', last_touch: 1, assisted: 3, assist_ratio: 3 },
      { channel: 'social', last_touch: 0, assisted: 0, assist_ratio: null },
    ]);
  });

  it('sankey: steps, conversion and no-conversion links, capped at 5 steps', () => {
    const s = sankey(rows);
    expect(s.links).toContainEqual({ source: '1:seo', target: '2:email', journeys: 11, conversions: 4 });
    expect(s.links).toContainEqual({ source: '2:email', target: 'conversion', journeys: 3, conversions: 3 });
    expect(s.links).toContainEqual({ source: '1:social', target: 'no conversion', journeys: 4, conversions: 0 });
    const long = sankey([{ path: ['a', 'b', 'c', 'd', 'e', 'f', 'g'], conversions: 1, value: 1, nulls: 0 }]);
    expect(long.nodes.map((n) => n.id)).toEqual(['1:a', '2:b', '3:c', '4:d', '5:e', 'conversion']);
    // conversions flowing into the end nodes equal the conversions of the paths
    const converted = s.links.filter((l) => l.target === 'conversion').reduce((a, l) => a + l.conversions, 0);
    expect(converted).toBe(9);
  });

  it('days to conversion from journeys: first touch in the window to the conversion, floored', () => {
    const j = (id: string, first: number, conv: number): Journey => ({
      conversion: { id, ts: conv * DAY_MS, value: 1 },
      touches: [{ ts: first * DAY_MS, channel: 'seo', kind: 'click' }],
    });
    const r = journeyPathReports([j('a', 0, 0.5), j('b', 0, 3.9), j('c', 1, 4.2), j('d', 0, 45)]);
    // d's touch is 45 days old: outside the 30-day window → (none) at the conversion time, 0 days
    expect(r.days_to_conversion).toEqual([
      { bucket: 0, conversions: 2, value: 2 },
      { bucket: 3, conversions: 2, value: 2 },
    ]);
    expect(r.top_paths.map((p) => p.path)).toEqual(['seo', '(none)']);
  });
});

describe('compareModels', () => {
  it('tabulates models and words the difference vs last click: paid_social 100 → 138 is +38%', () => {
    const c = compareModels({
      last: [
        { channel: 'paid_social', conversions: 100, value: 1000 },
        { channel: 'search', conversions: 200, value: 2000 },
      ],
      markov: [
        { channel: 'paid_social', conversions: 138, value: 1300 },
        { channel: 'search', conversions: 162, value: 1700 },
        { channel: 'email', conversions: 0, value: 0 },
      ],
    });
    expect(c.baseline).toBe('last');
    expect(c.rows[0]).toEqual({
      channel: 'paid_social',
      conversions: { last: 100, markov: 138 },
      value: { last: 1000, markov: 1300 },
      change_vs_baseline: { markov: expect.closeTo(0.38, 12) },
    });
    expect(c.rows[2].change_vs_baseline.markov).toBeNull();
    expect(c.highlights).toEqual(['paid_social +38% under markov vs last', 'search -19% under markov vs last']);
    // The same highlights as data, for the dashboard to word in Persian or Vietnamese: 138/100 − 1, 162/200 − 1.
    expect(c.changes).toEqual([
      { channel: 'paid_social', model: 'markov', baseline: 'last', change: expect.closeTo(0.38, 12) },
      { channel: 'search', model: 'markov', baseline: 'last', change: expect.closeTo(-0.19, 12) },
    ]);
  });
});
