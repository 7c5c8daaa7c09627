/**
 * Store contract cases for sessions (issue 11 #2), tracked clicks (#3) and workspace time zones (#11),
 * each in a workspace of its own; `runStoreContract` runs them on every engine.
 * Expected numbers are worked out by hand in the comments, except the last case,
 * which holds the engines to the shared TypeScript rule (`sessionise`).
 */
import { expect, it } from 'vitest';
import { defaultChannelRules } from '../../src/tracking/channel-rules.js';
import { enrichEvent } from '../../src/ingest/enrich.js';
import type { EventRecord } from '../../src/records/events.js';
import { sessionise } from '../../src/tracking/sessions.js';
import { localDate } from '../../src/metrics/time-zone.js';
import type { Store } from '../../src/store/store.js';
import type { Workspace } from '../../src/records/workspace.js';

const site = 'https://shop.example';
const ev = (e: Partial<EventRecord> & Pick<EventRecord, 'id' | 'type' | 'ts' | 'anonymous_id'>) => enrichEvent(e as EventRecord, defaultChannelRules);
/** A server-side page view: no session id. */
const pv = (id: string, anon: string, ts: string, path = '/') => ev({ id, type: 'page_view', ts, anonymous_id: anon, url: `${site}${path}` });
const workspace = (id: string, timezone: string): Workspace => ({ id, name: id, currency: 'EUR', timezone, margin: '1', write_key: `wk_${id}` });

export function sessionAndTimeZoneCases(store: () => Store): void {
  it('sessions: server-side page views without session_id are sessionised (30 min per anonymous id, not split at midnight)', async () => {
    const ws = workspace('ws_sessions', 'UTC');
    await store().ensureWorkspace(ws);
    await store().insertEvents(ws.id, [
      // v1: 23:50 → 00:10 (20 min, across midnight: one session, day of its first hit) then 00:45 (35 min gap: a new one)
      pv('v1a', 'v1', '2026-02-01T23:50:00.000Z'), pv('v1b', 'v1', '2026-02-02T00:10:00.000Z', '/p'), pv('v1c', 'v1', '2026-02-02T00:45:00.000Z'),
      // v2: exactly 30 minutes apart still continues; a session-less custom event is no page view and no session
      pv('v2a', 'v2', '2026-02-02T09:00:00.000Z'), pv('v2b', 'v2', '2026-02-02T09:30:00.000Z', '/p'),
      ev({ id: 'v2x', type: 'custom', name: 'scroll', ts: '2026-02-02T09:10:00.000Z', anonymous_id: 'v2' }),
      // v3: one server-side page view, then a snippet session (session_id) of two page views
      pv('v3a', 'v3', '2026-02-02T12:00:00.000Z'),
      ev({ id: 'v3b', type: 'page_view', ts: '2026-02-02T13:00:00.000Z', anonymous_id: 'v3', session_id: 'snip1', url: `${site}/` }),
      ev({ id: 'v3c', type: 'page_view', ts: '2026-02-02T13:05:00.000Z', anonymous_id: 'v3', session_id: 'snip1', url: `${site}/p` }),
    ]);
    const facts = await store().kpiFacts(ws.id, { by: 'day', from: '2026-02-01', to: '2026-02-02', lookbackDays: 30 });
    // Sessions: v1 23:50–00:10 (2 pages), v1 00:45 (1), v2 09:00–09:30 (2), v3 12:00 (1), snip1 13:00–13:05 (2).
    expect(facts.totals).toMatchObject({ sessions: 5, page_views: 8, unique_visitors: 3, bounces: 2, session_seconds: 1200 + 1800 + 300 });
    const day = (d: string) => facts.rows.find((r) => r.key === d)?.measures;
    expect(day('2026-02-01')).toMatchObject({ sessions: 1, page_views: 2, unique_visitors: 1 });
    expect(day('2026-02-02')).toMatchObject({ sessions: 4, page_views: 6, unique_visitors: 3 });
    // The session that began on Feb 1 is not counted again in a range starting Feb 2.
    const feb2 = await store().kpiFacts(ws.id, { by: null, from: '2026-02-02', to: '2026-02-02', lookbackDays: 30 });
    expect(feb2.totals).toMatchObject({ sessions: 4, page_views: 6, unique_visitors: 3 });
  });

  it('sessions: the engines split server-side page views as the shared rule (sessionise) does', async () => {
    const ws = workspace('ws_sessions_rule', 'UTC');
    await store().ensureWorkspace(ws);
    // Deterministic gaps around the 30-minute edge for 6 people over two days.
    const gaps = [1, 29, 30, 31, 45, 5, 30, 2, 90, 29, 31, 600, 12, 30, 30, 31];
    const events: EventRecord[] = [];
    const expected = new Map<string, { sessions: number; pages: number }>();
    for (let p = 0; p < 6; p++) {
      let t = Date.parse('2026-02-10T22:00:00.000Z') + p * 7 * 60_000;
      const times: number[] = [];
      for (let i = 0; i < 12; i++) {
        times.push(t);
        events.push(pv(`r${p}_${i}`, `r${p}`, new Date(t).toISOString()));
        t += gaps[(p * 5 + i) % gaps.length] * 60_000 + (i % 3) * 1000 * (p % 2 === 0 ? 0 : 1);
      }
      for (const s of sessionise(times)) {
        const d = localDate(s.start, 'UTC');
        const acc = expected.get(d) ?? { sessions: 0, pages: 0 };
        acc.sessions += 1;
        acc.pages += s.hits.length;
        expected.set(d, acc);
      }
    }
    await store().insertEvents(ws.id, events.map((e) => e as ReturnType<typeof ev>));
    const facts = await store().kpiFacts(ws.id, { by: 'day', from: '2026-02-10', to: '2026-02-12', lookbackDays: 30 });
    const got = Object.fromEntries(facts.rows.filter((r) => r.measures.sessions > 0).map((r) => [r.key, { sessions: r.measures.sessions, pages: r.measures.page_views }]));
    expect(got).toEqual(Object.fromEntries([...expected].sort()));
  });

  it('tracked clicks: link clicks, click events and postbacks\' click ids, each click id once; ad-platform clicks apart', async () => {
    const ws = workspace('ws_tracked', 'UTC');
    await store().ensureWorkspace(ws);
    const postback = (id: string, clickId: string, ts: string) =>
      ev({ id, type: 'conversion', ts, anonymous_id: `click:${clickId}`, click_id: clickId, order_id: `o_${id}`, revenue: { amount: '10', currency: 'EUR' }, properties: { source: 'postback', click_found: false } });
    await store().insertEvents(ws.id, [
      // A tracking-link click (email), and its postback a day later: one click.
      ev({ id: 'k1', type: 'click', ts: '2026-04-02T10:00:00.000Z', anonymous_id: 'k1', click_id: 'rl_1', url: `${site}/?rl_cid=rl_1`, utm: { source: 'newsletter', medium: 'email' }, properties: { link: 'spring', rl_cid: 'rl_1' } }),
      postback('p1', 'rl_1', '2026-04-03T09:00:00.000Z'),
      // A click event without click id (paid search): its own click.
      ev({ id: 'k2', type: 'click', ts: '2026-04-02T11:00:00.000Z', anonymous_id: 'k2', url: `${site}/`, utm: { source: 'google', medium: 'cpc' } }),
      // A postback for a click roilens never saw: counts, on its day.
      postback('p2', 'aff_9', '2026-04-03T10:00:00.000Z'),
      // A click on 20 March and its postback in April: a March click.
      ev({ id: 'k3', type: 'click', ts: '2026-03-20T10:00:00.000Z', anonymous_id: 'k3', click_id: 'rl_old', url: `${site}/` }),
      postback('p3', 'rl_old', '2026-04-02T12:00:00.000Z'),
      // Not tracked clicks: a page view and a snippet conversion carrying an ad click id.
      ev({ id: 'n1', type: 'page_view', ts: '2026-04-02T13:00:00.000Z', anonymous_id: 'n1', session_id: 'sn1', click_id: 'gclid_1', url: `${site}/?gclid=gclid_1` }),
      ev({ id: 'n2', type: 'conversion', ts: '2026-04-02T13:05:00.000Z', anonymous_id: 'n1', session_id: 'sn1', click_id: 'gclid_1', order_id: 'on1', revenue: { amount: '5', currency: 'EUR' } }),
    ]);
    await store().replaceSpend(ws.id, [
      { date: '2026-04-02', channel: 'paid_search', campaign: 'c', ad: 'a', cost: { amount: '5.00', currency: 'EUR' }, impressions: 900, clicks: 50, pricing_model: 'cpc' },
    ]);
    const april = await store().kpiFacts(ws.id, { by: 'day', from: '2026-04-01', to: '2026-04-30', lookbackDays: 30 });
    // rl_1, k2 and aff_9; rl_old was first seen in March.
    expect(april.totals).toMatchObject({ tracked_clicks: 3, clicks: 50 });
    const day = (d: string) => april.rows.find((r) => r.key === d)?.measures;
    expect(day('2026-04-02')).toMatchObject({ tracked_clicks: 2, clicks: 50 });
    expect(day('2026-04-03')).toMatchObject({ tracked_clicks: 1, clicks: 0 });
    // Rows by day do not say the channel: the facts carry it per channel too (for totals.paid).
    const perChannel = (c: string) => april.channels?.find((r) => r.key === c)?.measures;
    expect(perChannel('paid_search')).toMatchObject({ spend: '5.000000', clicks: 50, tracked_clicks: 1 });
    expect(perChannel('email')).toMatchObject({ spend: '0.000000', tracked_clicks: 1 });
    expect(april.channels?.reduce((n, r) => n + r.measures.conversions, 0)).toBe(april.totals.conversions);
    const byChannel = await store().kpiFacts(ws.id, { by: 'channel', from: '2026-04-01', to: '2026-04-30', lookbackDays: 30 });
    const channel = (c: string) => byChannel.rows.find((r) => r.key === c)?.measures;
    expect(channel('email')).toMatchObject({ tracked_clicks: 1 });
    expect(channel('paid_search')).toMatchObject({ tracked_clicks: 1, clicks: 50 });
    const march = await store().kpiFacts(ws.id, { by: null, from: '2026-03-01', to: '2026-03-31', lookbackDays: 30 });
    expect(march.totals.tracked_clicks).toBe(1);
  });

  it('time zones: Asia/Tehran (+03:30) days and weeks, ranges from local midnight, spend by its date', async () => {
    const ws = workspace('ws_tehran', 'Asia/Tehran');
    await store().ensureWorkspace(ws);
    const sale = (id: string, anon: string, ts: string, amount: string) => [
      ev({ id: `${id}v`, type: 'page_view', ts, anonymous_id: anon, session_id: `s_${id}`, url: `${site}/` }),
      ev({ id: `${id}c`, type: 'conversion', ts, anonymous_id: anon, session_id: `s_${id}`, order_id: `o_${id}`, revenue: { amount, currency: 'EUR' } }),
    ];
    await store().insertEvents(ws.id, [
      ...sale('a', 'ta', '2026-03-08T20:20:00.000Z', '10'), // Sun 8 Mar 23:50 in Tehran (UTC: Mar 8)
      ...sale('b', 'tb', '2026-03-08T20:40:00.000Z', '20'), // Mon 9 Mar 00:10 (UTC: still Mar 8)
      ...sale('c', 'tc', '2026-03-09T20:29:00.000Z', '40'), // Mon 9 Mar 23:59
      ...sale('d', 'td', '2026-03-09T20:31:00.000Z', '80'), // Tue 10 Mar 00:01
      // server-side page views 23:50 and 00:10 local (Mar 10 → 11): one session, on Mar 10
      pv('ea', 'te', '2026-03-10T20:20:00.000Z'), pv('eb', 'te', '2026-03-10T20:40:00.000Z', '/p'),
    ]);
    await store().replaceSpend(ws.id, [
      { date: '2026-03-09', channel: 'paid_search', campaign: 'c', ad: 'a', cost: { amount: '5.00', currency: 'EUR' }, impressions: 100, clicks: 4, pricing_model: 'cpc' },
    ]);
    const byDay = await store().kpiFacts(ws.id, { by: 'day', from: '2026-03-08', to: '2026-03-11', lookbackDays: 30 });
    const day = (d: string) => byDay.rows.find((r) => r.key === d)?.measures;
    expect(day('2026-03-08')).toMatchObject({ sessions: 1, conversions: 1, revenue: '10.000000', spend: '0.000000' });
    expect(day('2026-03-09')).toMatchObject({ sessions: 2, conversions: 2, revenue: '60.000000', spend: '5.000000' });
    expect(day('2026-03-10')).toMatchObject({ sessions: 2, page_views: 3, conversions: 1, revenue: '80.000000' });
    expect(day('2026-03-11')?.sessions ?? 0).toBe(0);
    // One local day: b and c (UTC days would give a and b).
    const mar9 = await store().kpiFacts(ws.id, { by: null, from: '2026-03-09', to: '2026-03-09', lookbackDays: 30 });
    expect(mar9.totals).toMatchObject({ sessions: 2, page_views: 2, conversions: 2, revenue: '60.000000', spend: '5.000000' });
    // Weeks start on Monday 9 March locally: a alone in the week of 2 March.
    const byWeek = await store().kpiFacts(ws.id, { by: 'week', from: '2026-03-02', to: '2026-03-15', lookbackDays: 30 });
    const week = (d: string) => byWeek.rows.find((r) => r.key === d)?.measures;
    expect(week('2026-03-02')).toMatchObject({ sessions: 1, conversions: 1, revenue: '10.000000' });
    expect(week('2026-03-09')).toMatchObject({ sessions: 4, conversions: 3, revenue: '140.000000', spend: '5.000000' });
    const days = await store().channelDaily(ws.id, { from: '2026-03-08', to: '2026-03-10', lookbackDays: 30 });
    const conv = (d: string) => days.filter((r) => r.date === d).reduce((s, r) => s + r.conversions, 0);
    expect([conv('2026-03-08'), conv('2026-03-09'), conv('2026-03-10')]).toEqual([1, 2, 1]);
  });

  it('time zones: Asia/Ho_Chi_Minh (+07:00) months', async () => {
    const ws = workspace('ws_hcm', 'Asia/Ho_Chi_Minh');
    await store().ensureWorkspace(ws);
    await store().insertEvents(ws.id, [
      // 31 Mar 23:30 and 1 Apr 00:30 in Ho Chi Minh City (both 31 Mar in UTC)
      ev({ id: 'h1', type: 'conversion', ts: '2026-03-31T16:30:00.000Z', anonymous_id: 'h1', order_id: 'oh1', revenue: { amount: '7', currency: 'EUR' } }),
      ev({ id: 'h2', type: 'conversion', ts: '2026-03-31T17:30:00.000Z', anonymous_id: 'h2', order_id: 'oh2', revenue: { amount: '9', currency: 'EUR' } }),
      pv('h1v', 'h1', '2026-03-31T16:29:00.000Z'), pv('h2v', 'h2', '2026-03-31T17:29:00.000Z'),
    ]);
    const byMonth = await store().kpiFacts(ws.id, { by: 'month', from: '2026-03-01', to: '2026-04-30', lookbackDays: 30 });
    const month = (m: string) => byMonth.rows.find((r) => r.key === m)?.measures;
    expect(month('2026-03')).toMatchObject({ conversions: 1, revenue: '7.000000', sessions: 1 });
    expect(month('2026-04')).toMatchObject({ conversions: 1, revenue: '9.000000', sessions: 1 });
    const march = await store().kpiFacts(ws.id, { by: null, from: '2026-03-01', to: '2026-03-31', lookbackDays: 30 });
    expect(march.totals).toMatchObject({ conversions: 1, revenue: '7.000000', sessions: 1 });
  });

  it('Jalali calendar: weeks from Saturday and months 1405-MM in Asia/Tehran', async () => {
    const ws = workspace('ws_jalali', 'Asia/Tehran');
    await store().ensureWorkspace(ws);
    const sale = (id: string, ts: string, amount: string) => [
      ev({ id: `${id}v`, type: 'page_view', ts, anonymous_id: `j${id}`, session_id: `sj_${id}`, url: `${site}/` }),
      ev({ id: `${id}c`, type: 'conversion', ts, anonymous_id: `j${id}`, session_id: `sj_${id}`, order_id: `oj_${id}`, revenue: { amount, currency: 'EUR' } }),
    ];
    await store().insertEvents(ws.id, [
      ...sale('f', '2026-11-20T10:00:00.000Z', '1'), // Fri 20 Nov 13:30 local = 29 Aban 1405
      ...sale('s', '2026-11-21T20:00:00.000Z', '2'), // Sat 21 Nov 23:30 local = 30 Aban 1405 (its last day)
      ...sale('a', '2026-11-21T21:00:00.000Z', '4'), // Sun 22 Nov 00:30 local = 1 Azar 1405 (UTC: still 21 Nov)
    ]);
    await store().replaceSpend(ws.id, [
      { date: '2026-10-22', channel: 'paid_search', campaign: 'c', ad: 'a', cost: { amount: '50.00', currency: 'EUR' }, impressions: 10, clicks: 1, pricing_model: 'cpc' }, // 30 Mehr
      { date: '2026-11-22', channel: 'paid_search', campaign: 'c', ad: 'a', cost: { amount: '100.00', currency: 'EUR' }, impressions: 10, clicks: 1, pricing_model: 'cpc' }, // 1 Azar
    ]);
    const range = { from: '2026-10-20', to: '2026-11-25', lookbackDays: 30 };
    const byMonth = await store().kpiFacts(ws.id, { ...range, by: 'month', calendar: 'jalali' });
    const month = (m: string) => byMonth.rows.find((r) => r.key === m)?.measures;
    expect(byMonth.rows.map((r) => r.key).sort()).toEqual(['1405-07', '1405-08', '1405-09']);
    expect(month('1405-07')).toMatchObject({ spend: '50.000000', conversions: 0 });
    expect(month('1405-08')).toMatchObject({ conversions: 2, revenue: '3.000000', sessions: 2, spend: '0.000000' });
    expect(month('1405-09')).toMatchObject({ conversions: 1, revenue: '4.000000', sessions: 1, spend: '100.000000' });
    // Weeks: Saturday 21 Nov starts a Jalali week (Friday 20 Nov closes the one from Saturday 14 Nov); ISO weeks put all three in the week of Monday 16 Nov.
    const jalaliWeeks = await store().kpiFacts(ws.id, { ...range, by: 'week', calendar: 'jalali' });
    const week = (d: string) => jalaliWeeks.rows.find((r) => r.key === d)?.measures;
    expect(week('2026-11-14')).toMatchObject({ conversions: 1, revenue: '1.000000' });
    expect(week('2026-11-21')).toMatchObject({ conversions: 2, revenue: '6.000000', spend: '100.000000' });
    expect(week('2026-10-17')).toMatchObject({ spend: '50.000000' }); // Thu 22 Oct: the week from Saturday 17 Oct
    const isoWeeks = await store().kpiFacts(ws.id, { ...range, by: 'week' });
    expect(isoWeeks.rows.find((r) => r.key === '2026-11-16')?.measures).toMatchObject({ conversions: 3, revenue: '7.000000' });
    const gregorian = await store().kpiFacts(ws.id, { ...range, by: 'month' });
    expect(gregorian.rows.map((r) => r.key).sort()).toEqual(['2026-10', '2026-11']);
  });
}
