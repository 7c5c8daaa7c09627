/**
 * `GET /v1/kpis?by=ad` and `roilens kpi --by ad` (issue 11, the overview's drill-down channel →
 * campaign → ad): ad rows carry their channel and campaign, so the ad name `banner1`, run in the
 * campaigns `spring` and `summer`, is two rows with their own spend and sales. Figures by hand.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/start.js';
import { roilens } from '../helpers/roilens-cli.js';
import { tempDir } from '../helpers/temp.js';

type Row = Record<string, string | number | null>;

describe('KPIs by ad carry their campaign (HTTP and CLI)', () => {
  let server: RunningServer;
  const tmp = tempDir();
  const db = () => `${tmp.dir}/db.duckdb`;
  const day = '2026-03-02';
  const admin = (path: string, init: RequestInit = {}) =>
    fetch(server.url + path, { ...init, headers: { authorization: 'Bearer adm', ...(init.headers ?? {}) } });
  const kpis = async (query: string) => {
    const res = await admin(`/v1/kpis?compare=none&from=${day}&to=${day}&${query}`);
    expect(res.status).toBe(200);
    return (await res.json()) as { rows: Row[]; totals: Row; warnings: string[] };
  };
  const visit = (id: string, anon: string, time: string, campaign: string, ad: string) => ({
    id, type: 'page_view', ts: `${day}T${time}:00.000Z`, anonymous_id: anon,
    url: `https://shop.example/?utm_source=facebook&utm_medium=cpc&utm_campaign=${campaign}&utm_content=${ad}`,
    utm: { source: 'facebook', medium: 'cpc', campaign, content: ad },
  });
  const sale = (id: string, anon: string, time: string, amount: string) =>
    ({ id, type: 'conversion', ts: `${day}T${time}:00.000Z`, anonymous_id: anon, order_id: `o_${id}`, revenue: { amount, currency: 'EUR' } });

  beforeAll(async () => {
    server = await startServer({ dbPath: db(), port: 0, demo: false, quiet: true, adminToken: 'adm', writeKey: 'wk' });
    const spend = [
      'date,channel,campaign,ad,cost,currency,impressions,clicks',
      `${day},paid_social,spring,banner1,30.00,EUR,1000,40`,
      `${day},paid_social,summer,banner1,12.50,EUR,500,10`,
      `${day},paid_social,summer,video2,7.25,EUR,300,5`,
    ].join('\n');
    const imported = await admin('/v1/import/spend', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: spend });
    expect(imported.status).toBe(200);
    // p1 spring/banner1 → 40; p2 summer/banner1 → 25; p3 spring/banner1 at 08:00, summer/banner1 at 11:00 → 15.
    const events = [
      visit('a', 'p1', '09:00', 'spring', 'banner1'), sale('b', 'p1', '09:10', '40.00'),
      visit('c', 'p2', '10:00', 'summer', 'banner1'), sale('d', 'p2', '10:05', '25.00'),
      visit('e', 'p3', '08:00', 'spring', 'banner1'), visit('f', 'p3', '11:00', 'summer', 'banner1'), sale('g', 'p3', '11:30', '15.00'),
    ];
    const sent = await fetch(`${server.url}/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer wk' }, body: JSON.stringify({ events }) });
    expect(await sent.json()).toMatchObject({ accepted: events.length, rejected: [] });
  });
  afterAll(async () => {
    await server.close();
    tmp.cleanup();
  });

  it('GET /v1/kpis?by=ad: banner1 in spring and in summer are two rows, each with its campaign, spend and sales', async () => {
    const report = await kpis('by=ad');
    const pick = (r: Row) => ({ ad: r.ad, channel: r.channel, campaign: r.campaign, spend: r.spend, conversions: r.conversions, revenue: r.revenue });
    // Last non-direct touch: p1 → spring; p2 and p3 (its 11:00 visit) → summer. Most spend first.
    expect(report.rows.map(pick)).toEqual([
      { ad: 'banner1', channel: 'paid_social', campaign: 'spring', spend: 30, conversions: 1, revenue: 40 },
      { ad: 'banner1', channel: 'paid_social', campaign: 'summer', spend: 12.5, conversions: 2, revenue: 40 },
      { ad: 'video2', channel: 'paid_social', campaign: 'summer', spend: 7.25, conversions: 0, revenue: 0 },
    ]);
    // Totals unchanged: the rows' spend and sales add up to them.
    expect(report.totals).toMatchObject({ spend: 49.75, conversions: 3, revenue: 80 });
    expect(report.rows.reduce((s, r) => s + Number(r.spend) * 100, 0)).toBe(4975);
    expect(report.rows.reduce((s, r) => s + Number(r.conversions), 0)).toBe(report.totals.conversions);
  });

  it('?model=linear splits p3\'s sale between spring and summer banner1, and the credits add up to the sales', async () => {
    const report = await kpis('by=ad&model=linear');
    const rows = Object.fromEntries(report.rows.map((r) => [`${r.campaign}/${r.ad}`, [r.conversions, r.revenue]]));
    // spring/banner1: p1 1 + half of p3 = 1.5, 40 + 7.5; summer/banner1: p2 1 + 0.5 = 1.5, 25 + 7.5.
    expect(rows).toEqual({ 'spring/banner1': [1.5, 47.5], 'summer/banner1': [1.5, 32.5], 'summer/video2': [0, 0] });
    expect(report.warnings).toEqual([]);
    expect(report.totals).toMatchObject({ spend: 49.75, conversions: 3, revenue: 80 });
  });

  it('by campaign: summer holds its banner1 and video2 (12.50 + 7.25)', async () => {
    const report = await kpis('by=campaign');
    expect(report.rows.map((r) => [r.channel, r.campaign, r.spend, r.conversions])).toEqual([['paid_social', 'spring', 30, 1], ['paid_social', 'summer', 19.75, 2]]);
  });

  it('roilens kpi --by ad shows the campaign column (through the running server)', async () => {
    const res = await roilens('kpi', '--by', 'ad', '--from', day, '--to', day, '--compare', 'none', '--db', db());
    expect(res.code, res.stderr).toBe(0);
    const [header, , ...lines] = res.stdout.trimEnd().split('\n');
    expect(header.split(/\s+/).slice(0, 4)).toEqual(['ad', 'channel', 'campaign', 'spend']);
    expect(lines.slice(0, 3).map((l) => l.split(/\s+/).slice(0, 4))).toEqual([
      ['banner1', 'paid_social', 'spring', '30'],
      ['banner1', 'paid_social', 'summer', '12.5'],
      ['video2', 'paid_social', 'summer', '7.25'],
    ]);
    expect(lines[3]).toMatch(/^TOTAL\s+49\.75\s/);
  });
});
