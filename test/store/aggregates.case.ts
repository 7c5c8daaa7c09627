/**
 * Contract cases for the aggregates (`src/store/ports/aggregates.ts`) that the main scenario does
 * not reach: the attribution aggregates (rule credits, path counts, channel sets, Markov
 * transitions) and the customer ones (cohort counts, CLV summaries and their members, acquired
 * revenue), on a small world of visits and browser sales whose answers are worked out by hand
 * below. A workspace of its own (UTC, EUR).
 *
 * - p1: email visit and a sale of 10 on Jan 5; a direct visit and a sale of 20 on Jan 20; a
 *   direct visit and a sale of 30 on Feb 3. Acquired by email on Jan 5.
 * - p2: paid search visit and a sale of 40 on Jan 10. p5: the same with a sale of 25.
 * - p3: email visit and two sales of 15 and 5 on Feb 2 (one purchase day).
 * - p4: a direct visit on Jan 25, no sale.
 *
 * Day numbers (days since 1970-01-01): Jan 1 2026 = 20454, Jan 5 = 20458, Jan 10 = 20463,
 * Jan 20 = 20473, Jan 31 = 20484, Feb 2 = 20486, Feb 3 = 20487. Months are numbered
 * year × 12 + month − 1: January 2026 = 24312, February = 24313.
 */
import { beforeAll, expect, it } from 'vitest';
import { defaultChannelRules } from '../../src/tracking/channel-rules.js';
import { enrichEvent } from '../../src/ingest/enrich.js';
import type { EventRecord } from '../../src/records/events.js';
import type { Workspace } from '../../src/records/workspace.js';
import { setRevenueSources } from '../../src/store/revenue-settings.js';
import type { Store } from '../../src/store/store.js';

export const aggregatesWorkspace: Workspace = { id: 'ws_aggregates', name: 'Aggregates', currency: 'EUR', timezone: 'UTC', margin: '1', write_key: 'wk_aggregates' };

const site = 'https://shop.example';
const email = { source: 'newsletter', medium: 'email' };
const cpc = { source: 'google', medium: 'cpc', campaign: 'brand' };
const ev = (e: Partial<EventRecord> & Pick<EventRecord, 'id' | 'type' | 'ts' | 'anonymous_id'>) => enrichEvent(e as EventRecord, defaultChannelRules);
const visit = (id: string, anon: string, ts: string, utm?: Record<string, string>) => ev({ id, type: 'page_view', ts, anonymous_id: anon, session_id: `s-${id}`, url: `${site}/`, ...(utm ? { utm } : {}) });
const sale = (id: string, anon: string, ts: string, amount: string) =>
  ev({ id, type: 'conversion', ts, anonymous_id: anon, session_id: `s-${id}`, order_id: `o-${id}`, revenue: { amount, currency: 'EUR' } });

export const aggregatesEvents = [
  visit('p1-v1', 'p1', '2026-01-05T10:00:00.000Z', email),
  sale('p1-s1', 'p1', '2026-01-05T10:05:00.000Z', '10'),
  visit('p1-v2', 'p1', '2026-01-20T10:00:00.000Z'),
  sale('p1-s2', 'p1', '2026-01-20T10:05:00.000Z', '20'),
  visit('p1-v3', 'p1', '2026-02-03T10:00:00.000Z'),
  sale('p1-s3', 'p1', '2026-02-03T10:05:00.000Z', '30'),
  visit('p2-v1', 'p2', '2026-01-10T09:00:00.000Z', cpc),
  sale('p2-s1', 'p2', '2026-01-10T09:10:00.000Z', '40'),
  visit('p5-v1', 'p5', '2026-01-10T15:00:00.000Z', cpc),
  sale('p5-s1', 'p5', '2026-01-10T15:10:00.000Z', '25'),
  visit('p3-v1', 'p3', '2026-02-02T12:00:00.000Z', email),
  sale('p3-s1', 'p3', '2026-02-02T12:05:00.000Z', '15'),
  sale('p3-s2', 'p3', '2026-02-02T12:30:00.000Z', '5'),
  visit('p4-v1', 'p4', '2026-01-25T18:00:00.000Z'),
];

/**
 * The attribution window of the cases: conversions from Jan 20 to Feb 3, clicks within 30 days,
 * views within 1 day at full weight. Each visit is a touch (a session start); sales are not.
 * - C1 p1 Jan 20 10:05, 20: email (Jan 5 10:00, 15 days 5 minutes before), direct (Jan 20).
 * - C2 p3 Feb 2 12:05, 15 and C3 p3 Feb 2 12:30, 5: email (Feb 2 12:00).
 * - C4 p1 Feb 3 10:05, 30: email (Jan 5 10:00, 29 days 5 minutes before), direct (Jan 20), direct (Feb 3).
 * - p4 did not convert: direct (Jan 25). p2 and p5 have no touch in the range.
 * 4 conversions, 70 EUR.
 */
const window = { from: '2026-01-20', to: '2026-02-03', lookbackClickDays: 30, lookbackViewDays: 1, viewWeight: 1 };

export function aggregateCases(store: () => Store): void {
  const ws = aggregatesWorkspace.id;
  beforeAll(async () => {
    await store().ensureWorkspace(aggregatesWorkspace);
    await setRevenueSources(store(), ws, 'all');
    await store().insertEvents(ws, aggregatesEvents);
  });

  it('attribution rule credits: by channel with repeats kept and collapsed, by campaign', async () => {
    // Linear, repeats kept: C1 halves (10 each), C2 and C3 all email, C4 email 1/3 (10) and direct 2/3 (20).
    const linear = await store().attributionRuleCredits(ws, { ...window, repeats: 'keep', by: 'channel', rule: { model: 'linear' } });
    expect(linear.totals).toEqual({ conversions: 4, value: 70 });
    expect(linear.rows.map((r) => r.key)).toEqual(['email', 'direct']);
    expect(linear.rows[0].conversions).toBeCloseTo(0.5 + 1 + 1 + 1 / 3, 12);
    expect(linear.rows[0].value).toBeCloseTo(10 + 15 + 5 + 10, 9);
    expect(linear.rows[1].conversions).toBeCloseTo(0.5 + 2 / 3, 12);
    expect(linear.rows[1].value).toBeCloseTo(10 + 20, 9);
    // Collapsed, C4 is email > direct: halves of 30.
    const collapsed = await store().attributionRuleCredits(ws, { ...window, repeats: 'collapse', by: 'channel', rule: { model: 'linear' } });
    expect(collapsed.rows.map((r) => [r.key, r.conversions, r.value])).toEqual([
      ['email', 3, 45],
      ['direct', 1, 25],
    ]);
    // Last touch by campaign: C1 and C4 direct (20 + 30), C2 and C3 email (15 + 5); no campaign is (not set).
    const last = await store().attributionRuleCredits(ws, { ...window, repeats: 'keep', by: 'campaign', rule: { model: 'last' } });
    expect(last).toEqual({
      rows: [
        { channel: 'direct', key: '(not set)', conversions: 2, value: 50 },
        { channel: 'email', key: '(not set)', conversions: 2, value: 20 },
      ],
      totals: { conversions: 4, value: 70 },
    });
  });

  it('refreshRollups brings the rollups up ahead of the reads, and again changes nothing', async () => {
    const last = { ...window, repeats: 'keep' as const, by: 'channel' as const, rule: { model: 'last' as const } };
    await store().refreshRollups(ws);
    // Last touch: C1 and C4 direct (20 + 30), C2 and C3 email (15 + 5).
    const after = await store().attributionRuleCredits(ws, last);
    expect(after.rows.map((r) => [r.key, r.conversions, r.value])).toEqual([
      ['direct', 2, 50],
      ['email', 2, 20],
    ]);
    await store().refreshRollups(ws);
    expect(await store().attributionRuleCredits(ws, last)).toEqual(after);
  });

  it('attribution path counts: distinct paths in order of first appearance, days from first touch to conversion', async () => {
    // Days: C1 15 (15 days 5 minutes), C2 and C3 0, C4 29.
    const days = [
      { days: 0, conversions: 2, value: 20 },
      { days: 15, conversions: 1, value: 20 },
      { days: 29, conversions: 1, value: 30 },
    ];
    const converting = [
      { path: ['email', 'direct'], conversions: 1, value: 20, nulls: 0 },
      { path: ['email'], conversions: 2, value: 20, nulls: 0 },
      { path: ['email', 'direct', 'direct'], conversions: 1, value: 30, nulls: 0 },
    ];
    expect(await store().attributionPathCounts(ws, { ...window, repeats: 'keep', includeNonConverting: false })).toEqual({ paths: converting, days });
    expect(await store().attributionPathCounts(ws, { ...window, repeats: 'keep', includeNonConverting: true })).toEqual({
      paths: [...converting, { path: ['direct'], conversions: 0, value: 0, nulls: 1 }],
      days,
    });
  });

  it('attribution channel sets: conversions by set of channels, touch shares of their channel per row', async () => {
    // C1 and C4 cover {direct, email} (20 + 30); C4's two direct touches share direct's credit (1/2 each).
    expect(await store().attributionChannelSets(ws, { ...window, repeats: 'keep', by: 'channel' })).toEqual({
      sets: [
        { channels: ['direct', 'email'], conversions: 2, value: 50 },
        { channels: ['email'], conversions: 2, value: 20 },
      ],
      touches: [
        { channels: ['direct', 'email'], channel: 'email', key: 'email', touches: 2, value: 50 },
        { channels: ['direct', 'email'], channel: 'direct', key: 'direct', touches: 2, value: 50 },
        { channels: ['email'], channel: 'email', key: 'email', touches: 2, value: 20 },
      ],
    });
  });

  it('attribution Markov transitions: first-order chain over converting and non-converting paths, repeats merged', async () => {
    // Paths: email > direct (C1, C4 collapsed: 2 conversions, 50), email (C2, C3: 2, 20), direct (p4: 1 null).
    const transitions = await store().attributionMarkovTransitions(ws, { ...window, repeats: 'collapse', order: 1 });
    const key = (t: { from: unknown; to: unknown }) => JSON.stringify([t.from, t.to]);
    expect([...transitions].sort((a, b) => key(a).localeCompare(key(b)))).toEqual(
      [
        { from: '(start)', to: ['email'], weight: 4, value: 0 },
        { from: ['email'], to: ['direct'], weight: 2, value: 0 },
        { from: ['direct'], to: '(conversion)', weight: 2, value: 50 },
        { from: ['email'], to: '(conversion)', weight: 2, value: 20 },
        { from: '(start)', to: ['direct'], weight: 1, value: 0 },
        { from: ['direct'], to: '(null)', weight: 1, value: 0 },
      ].sort((a, b) => key(a).localeCompare(key(b))),
    );
    await expect(store().attributionMarkovTransitions(ws, { ...window, repeats: 'collapse', order: 5 })).rejects.toMatchObject({ code: 'invalid_input' });
  });

  it('cohort counts: by acquisition month, and by acquisition channel', async () => {
    // January: p1, p2, p5 (10 + 20 + 40 + 25 = 95; p1 bought on three days); in February p1 is back (30, kept).
    // February: p3 (15 + 5 on one day: no repeat).
    expect(await store().cohortCounts(ws, { period: 'month', by: null })).toEqual([
      { start: 24312, group: null, offset: 0, active: 3, revenue: 95, kept: 0, repeaters: 1 },
      { start: 24312, group: null, offset: 1, active: 1, revenue: 30, kept: 1, repeaters: 0 },
      { start: 24313, group: null, offset: 0, active: 1, revenue: 20, kept: 0, repeaters: 0 },
    ]);
    expect(await store().cohortCounts(ws, { period: 'month', by: 'channel' })).toEqual([
      { start: 24312, group: 'email', offset: 0, active: 1, revenue: 30, kept: 0, repeaters: 1 },
      { start: 24312, group: 'email', offset: 1, active: 1, revenue: 30, kept: 1, repeaters: 0 },
      { start: 24312, group: 'paid_search', offset: 0, active: 2, revenue: 65, kept: 0, repeaters: 0 },
      { start: 24313, group: 'email', offset: 0, active: 1, revenue: 20, kept: 0, repeaters: 0 },
    ]);
    // Monday weeks ⌊(day + 3) / 7⌋: Jan 5 → 2923, Jan 10 → 2923, Jan 20 → 2925, Feb 2 and 3 → 2927.
    // p1's weeks 2923, 2925, 2927 are offsets 0, 2, 4 (never kept); p2, p5 start in 2923 too.
    expect(await store().cohortCounts(ws, { period: 'week', by: 'campaign' })).toEqual([
      { start: 2923, group: '(not set)', offset: 0, active: 1, revenue: 10, kept: 0, repeaters: 1 },
      { start: 2923, group: '(not set)', offset: 2, active: 1, revenue: 20, kept: 0, repeaters: 0 },
      { start: 2923, group: '(not set)', offset: 4, active: 1, revenue: 30, kept: 0, repeaters: 0 },
      { start: 2923, group: 'brand', offset: 0, active: 2, revenue: 65, kept: 0, repeaters: 0 },
      { start: 2927, group: '(not set)', offset: 0, active: 1, revenue: 20, kept: 0, repeaters: 0 },
    ]);
    expect(await store().cohortCounts('ws_ports', { period: 'month', by: null })).toEqual([]);
  });

  it('CLV summaries: identical customers counted together, as of the last sale or a calibration end', async () => {
    // As of Feb 3: p1 x = 2, recency 20487 − 20458 = 29, age 29, repeat 20 + 30; p2 and p5 x = 0, age 24;
    // p3 (same-day sales merged) x = 0, age 1. Keys x|recency|age|repeat micro-units, in key order.
    expect(await store().clvSummaries(ws, {})).toEqual({
      calibration_end: '2026-02-03',
      groups: [
        { key: '0|0|1|0', frequency: 0, recency_days: 0, age_days: 1, repeat_value: 0, customers: 1 },
        { key: '0|0|24|0', frequency: 0, recency_days: 0, age_days: 24, repeat_value: 0, customers: 2 },
        { key: '2|29|29|50000000', frequency: 2, recency_days: 29, age_days: 29, repeat_value: 50, customers: 1 },
      ],
    });
    // As of Jan 31: p1 x = 1, recency 15, age 26, repeat 20; p2 and p5 age 21; p3 has not bought yet.
    expect(await store().clvSummaries(ws, { calibrationEnd: '2026-01-31' })).toEqual({
      calibration_end: '2026-01-31',
      groups: [
        { key: '0|0|21|0', frequency: 0, recency_days: 0, age_days: 21, repeat_value: 0, customers: 2 },
        { key: '1|15|26|20000000', frequency: 1, recency_days: 15, age_days: 26, repeat_value: 20, customers: 1 },
      ],
    });
    expect(await store().clvSummaries('ws_ports', {})).toEqual({ calibration_end: null, groups: [] });
  });

  it('CLV summary members: smallest ids first, up to the limit per group, of the groups named', async () => {
    const calibrationEnd = '2026-02-03';
    expect(await store().clvSummaryMembers(ws, { calibrationEnd, limit: 5 })).toEqual([
      { key: '0|0|1|0', customer_id: 'p3' },
      { key: '0|0|24|0', customer_id: 'p2' },
      { key: '0|0|24|0', customer_id: 'p5' },
      { key: '2|29|29|50000000', customer_id: 'p1' },
    ]);
    expect(await store().clvSummaryMembers(ws, { calibrationEnd, limit: 1 })).toEqual([
      { key: '0|0|1|0', customer_id: 'p3' },
      { key: '0|0|24|0', customer_id: 'p2' },
      { key: '2|29|29|50000000', customer_id: 'p1' },
    ]);
    expect(await store().clvSummaryMembers(ws, { calibrationEnd, keys: ['0|0|24|0', '9|9|9|9'], limit: 2 })).toEqual([
      { key: '0|0|24|0', customer_id: 'p2' },
      { key: '0|0|24|0', customer_id: 'p5' },
    ]);
    expect(await store().clvSummaryMembers(ws, { calibrationEnd, keys: [], limit: 2 })).toEqual([]);
  });

  it('acquired revenue: customers first buying in the range, by acquisition channel and period since', async () => {
    // January's new customers: p1 by email on Jan 5 (sales 0, 15 and 29 days later), p2 and p5 by paid search on Jan 10.
    expect(await store().acquiredRevenue(ws, { from: '2026-01-01', to: '2026-01-31', periodDays: 10 })).toEqual([
      { channel: 'email', period: 0, buyers: 1, revenue: 10 },
      { channel: 'email', period: 1, buyers: 1, revenue: 20 },
      { channel: 'email', period: 2, buyers: 1, revenue: 30 },
      { channel: 'paid_search', period: 0, buyers: 2, revenue: 65 },
    ]);
    // Only p3 is new in February (both sales on its first day).
    expect(await store().acquiredRevenue(ws, { from: '2026-02-01', to: '2026-02-28', periodDays: 30 })).toEqual([{ channel: 'email', period: 0, buyers: 1, revenue: 20 }]);
  });
}
