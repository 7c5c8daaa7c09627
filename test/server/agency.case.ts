/**
 * Issue 15: the agency view (`GET /v1/agency`) and workspace renaming over HTTP, on the store `open` makes
 * (DuckDB in test/server/agency.test.ts, PostgreSQL + ClickHouse with two shards in test/engines/agency.test.ts).
 *
 * Three workspaces, each figure placed so the local day matters (the range is 2026-03-01 – 2026-03-31):
 *
 *   Berlin Shop (default) EUR, UTC: sales 120.50 (5 Mar) + 79.50 (31 Mar 23:40 UTC), spend 100.00
 *     → sessions 2, conversions 2, revenue 200.00, spend 100.00, ROAS 2, CPA 50.00
 *   Tehran Shop IRR, Asia/Tehran (+03:30): a sale of 5,000,000 on 28 Feb 21:05 UTC (1 Mar local: in),
 *     7,000,000 on 15 Mar, and 9,000,000 on 31 Mar 21:05 UTC (1 Apr local: out); spend 4,000,000
 *     → sessions 2, conversions 2, revenue 12,000,000, spend 4,000,000, ROAS 3, CPA 2,000,000
 *   Saigon Shop VND, Asia/Ho_Chi_Minh (+07:00): a sale of 2,500,000 on 28 Feb 18:05 UTC (1 Mar local: in),
 *     a visit on 31 Mar 18:00 UTC (1 Apr local: out); spend 1,000,000
 *     → sessions 1, conversions 1, revenue 2,500,000, spend 1,000,000, ROAS 2.5, CPA 1,000,000
 *
 * The installation's rates table is the default workspace's (base EUR): IRR 0.0000200 from 1 Mar,
 * 0.0000218 from 20 Mar, 0.0000300 from 5 Apr; VND 0.0000360 from 10 Mar, 0.0000400 from 2 Apr. On
 * 31 Mar IRR is 0.0000218 and VND 0.000036. By hand (Python's decimal at 50 digits):
 *
 *   in EUR: Tehran revenue 12,000,000 × 0.0000218 = 261.60, spend 87.20, CPA 43.60;
 *           Saigon revenue 2,500,000 × 0.000036 = 90.00, spend 36.00, CPA 36.00;
 *           totals revenue 551.60, spend 223.20, CPA 223.20 / 5 = 44.64, ROAS 551.6 / 223.2 = 2.4713261… → 2.471326
 *   in VND: Berlin 200 ÷ 0.000036 = 5,555,555.56 → 5555556, spend 2,777,777.78 → 2777778;
 *           Tehran 261.6 ÷ 0.000036 = 7,266,666.67 → 7266667, spend 87.2 ÷ 0.000036 = 2,422,222.22 → 2422222;
 *           totals 15322223 and 6200000, CPA 1240000, ROAS 2.47132629… → 2.471326; EUR → VND 27777.777777777778
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/store.js';
import { enrichEvent } from '../../src/ingest/enrich.js';
import type { EventRecord } from '../../src/records/events.js';
import { defaultChannelRules } from '../../src/tracking/channel-rules.js';
import { appOf, type TestApp } from '../operations/app-of.js';

/** The agency view's cases on `open`'s store; `timeoutMs` per test (ClickHouse 18.16 answers KPIs slowly under load). */
export function runAgencyView(engine: string, open?: () => Promise<Store>, timeoutMs = 60_000): void {
  describe(`agency view and workspace rename (issue 15): ${engine}`, { timeout: timeoutMs }, () => {
    let t: TestApp;
    let tehran: string;
    let saigon: string;
    let saigonKey: string;
    const op = (ws?: string) => ({ authorization: 'Bearer op', ...(ws ? { 'x-roilens-workspace': ws } : {}) });
    const range = 'from=2026-03-01&to=2026-03-31';

    const visit = (id: string, anon: string, ts: string): EventRecord => ({ id, type: 'page_view', ts, anonymous_id: anon, session_id: `s_${anon}`, url: 'https://shop.example/?utm_source=google&utm_medium=cpc', utm: { source: 'google', medium: 'cpc' } }) as EventRecord;
    const sale = (id: string, anon: string, ts: string, amount: string, currency: string): EventRecord => ({ id, type: 'conversion', ts, anonymous_id: anon, session_id: `s_${anon}`, order_id: `o_${id}`, revenue: { amount, currency } }) as EventRecord;
    const insert = (ws: string, events: EventRecord[]) => t.ctx.store.insertEvents(ws, events.map((e) => enrichEvent(e, defaultChannelRules)));
    const importCsv = async (ws: string, kind: string, csv: string) => {
      const res = await t.app.inject({ method: 'POST', url: `/v1/import/${kind}`, headers: { ...op(ws), 'content-type': 'text/csv' }, payload: csv });
      expect(res.statusCode, res.body).toBe(200);
    };
    const create = async (name: string, currency: string, timezone: string) => {
      const res = await t.app.inject({ method: 'POST', url: '/v1/workspaces', headers: op(), payload: { name, currency, timezone } });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().id as string;
    };
    const agency = (query: string, headers: Record<string, string> = op()) => t.app.inject({ url: `/v1/agency?${query}`, headers });

    beforeAll(async () => {
      t = await appOf(undefined, open);
      await t.ctx.store.updateWorkspace('default', { name: 'Berlin Shop' });
      tehran = await create('Tehran Shop', 'IRR', 'Asia/Tehran');
      saigon = await create('Saigon Shop', 'VND', 'Asia/Ho_Chi_Minh');
      await insert('default', [
        visit('d1', 'd1', '2026-03-05T10:00:00.000Z'), sale('d1s', 'd1', '2026-03-05T10:05:00.000Z', '120.50', 'EUR'),
        visit('d2', 'd2', '2026-03-31T23:30:00.000Z'), sale('d2s', 'd2', '2026-03-31T23:40:00.000Z', '79.50', 'EUR'),
      ]);
      await insert(tehran, [
        visit('t1', 't1', '2026-02-28T21:00:00.000Z'), sale('t1s', 't1', '2026-02-28T21:05:00.000Z', '5000000', 'IRR'),
        visit('t3', 't3', '2026-03-15T08:00:00.000Z'), sale('t3s', 't3', '2026-03-15T08:10:00.000Z', '7000000', 'IRR'),
        visit('t2', 't2', '2026-03-31T21:00:00.000Z'), sale('t2s', 't2', '2026-03-31T21:05:00.000Z', '9000000', 'IRR'),
      ]);
      await insert(saigon, [
        visit('s1', 's1', '2026-02-28T18:00:00.000Z'), sale('s1s', 's1', '2026-02-28T18:05:00.000Z', '2500000', 'VND'),
        visit('s2', 's2', '2026-03-31T18:00:00.000Z'),
      ]);
      const spendHeader = 'date,channel,campaign,ad,cost,currency,impressions,clicks\n';
      await importCsv('default', 'spend', `${spendHeader}2026-03-05,paid_search,brand,a1,100.00,EUR,1000,20\n`);
      await importCsv(tehran, 'spend', `${spendHeader}2026-03-15,paid_social,launch,b1,4000000,IRR,1000,20\n`);
      await importCsv(saigon, 'spend', `${spendHeader}2026-03-01,paid_search,tet,c1,1000000,VND,1000,20\n`);
      await importCsv('default', 'rates', 'date,currency,rate\n2026-03-01,IRR,0.0000200\n2026-03-20,IRR,0.0000218\n2026-04-05,IRR,0.0000300\n2026-03-10,VND,0.0000360\n2026-04-02,VND,0.0000400\n');
      const key = await t.app.inject({ method: 'POST', url: '/v1/keys', headers: op(saigon), payload: { kind: 'secret', scopes: ['kpis:read'] } });
      saigonKey = key.json().key;
    }, 300_000);
    afterAll(async () => t?.close());

    it('lists every workspace with its own figures and exact EUR conversions at the rates on or before `to`', async () => {
      const res = await agency(`${range}&currency=EUR`);
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json();
      expect(body.rates_table).toEqual({ workspace_id: 'default', base: 'EUR' });
      expect(body.rates).toEqual([
        { date: '2026-03-20', from: 'IRR', to: 'EUR', rate: '0.0000218' },
        { date: '2026-03-10', from: 'VND', to: 'EUR', rate: '0.000036' },
      ]);
      const byName = Object.fromEntries(body.workspaces.map((w: { name: string }) => [w.name, w]));
      expect(Object.keys(byName).sort()).toEqual(['Berlin Shop', 'Saigon Shop', 'Tehran Shop']);
      expect(byName['Berlin Shop']).toMatchObject({ currency: 'EUR', timezone: 'UTC', sessions: 2, conversions: 2, roas: 2, own: { revenue: '200.00', spend: '100.00', cpa: '50.00' }, converted: { rate: '1', revenue: '200.00', spend: '100.00', cpa: '50.00' } });
      expect(byName['Tehran Shop']).toMatchObject({ currency: 'IRR', timezone: 'Asia/Tehran', sessions: 2, conversions: 2, roas: 3, own: { revenue: '12000000', spend: '4000000', cpa: '2000000' }, converted: { rate: '0.0000218', revenue: '261.60', spend: '87.20', cpa: '43.60' } });
      expect(byName['Saigon Shop']).toMatchObject({ currency: 'VND', timezone: 'Asia/Saigon', sessions: 1, conversions: 1, roas: 2.5, own: { revenue: '2500000', spend: '1000000', cpa: '1000000' }, converted: { rate: '0.000036', revenue: '90.00', spend: '36.00', cpa: '36.00' } });
      expect(body.totals).toEqual({ sessions: 5, conversions: 5, revenue: '551.60', spend: '223.20', cpa: '44.64', roas: 2.471326 });
      expect(body.warnings).toEqual([]);
    });

    it('converts into a currency other than the base through both rates (VND), rounding half-even once', async () => {
      const body = (await agency(`${range}&currency=vnd`)).json();
      expect(body.currency).toBe('VND');
      const byName = Object.fromEntries(body.workspaces.map((w: { name: string; converted: unknown }) => [w.name, w.converted]));
      expect(byName['Berlin Shop']).toEqual({ rate: '27777.777777777778', revenue: '5555556', spend: '2777778', cpa: '1388889' });
      expect(byName['Tehran Shop']).toEqual({ rate: '0.605555555556', revenue: '7266667', spend: '2422222', cpa: '1211111' });
      expect(byName['Saigon Shop']).toEqual({ rate: '1', revenue: '2500000', spend: '1000000', cpa: '1000000' });
      expect(body.totals).toEqual({ sessions: 5, conversions: 5, revenue: '15322223', spend: '6200000', cpa: '1240000', roas: 2.471326 });
    });

    it('a secret key sees only its own workspace; the admin token (the default workspace\'s key) only the default', async () => {
      const res = await agency(`${range}&currency=EUR`, { authorization: `Bearer ${saigonKey}` });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().workspaces.map((w: { name: string }) => w.name)).toEqual(['Saigon Shop']);
      expect(res.json().totals).toMatchObject({ revenue: '90.00', spend: '36.00' });
      expect(res.body).not.toContain('Tehran');
      expect(res.body).not.toContain('Berlin');
      expect((await agency(range, { authorization: 'Bearer adm' })).json().workspaces.map((w: { name: string }) => w.name)).toEqual(['Berlin Shop']);
      const listed = await t.app.inject({ url: '/v1/workspaces', headers: { authorization: `Bearer ${saigonKey}` } });
      expect(listed.statusCode).toBe(403); // workspaces.list needs settings:read
      const all = (await t.app.inject({ url: '/v1/workspaces', headers: op() })).json().workspaces.map((w: { name: string }) => w.name);
      expect(all.sort()).toEqual(['Berlin Shop', 'Saigon Shop', 'Tehran Shop']);
    });

    it('the dashboard\'s session sees every workspace and acts in the one X-Roilens-Workspace names', async () => {
      const code = (await t.app.inject({ method: 'POST', url: '/v1/session/codes', headers: { authorization: 'Bearer adm' } })).json().code;
      const opened = await t.app.inject({ method: 'POST', url: '/v1/session', payload: { code } });
      expect(opened.statusCode, opened.body).toBeLessThan(300);
      const cookie = String(opened.headers['set-cookie']).split(';')[0];
      const names = (await t.app.inject({ url: '/v1/workspaces', headers: { cookie } })).json().workspaces.map((w: { name: string }) => w.name);
      expect(names.sort()).toEqual(['Berlin Shop', 'Saigon Shop', 'Tehran Shop']);
      const shown = (await t.app.inject({ url: '/v1/workspace', headers: { cookie, 'x-roilens-workspace': tehran } })).json();
      expect([shown.name, shown.currency, shown.timezone]).toEqual(['Tehran Shop', 'IRR', 'Asia/Tehran']);
      const kpis = (await t.app.inject({ url: `/v1/kpis?${range}&compare=none&metrics=revenue`, headers: { cookie, 'x-roilens-workspace': tehran } })).json();
      expect([kpis.currency, kpis.totals.revenue]).toEqual(['IRR', 12000000]);
      expect((await t.app.inject({ url: '/v1/workspace', headers: { cookie, 'x-roilens-workspace': 'ws_nope' } })).statusCode).toBe(404);
      expect((await agency(`${range}&currency=EUR`, { cookie })).json().totals.revenue).toBe('551.60');
    });

    it('names a missing rate instead of guessing: that workspace\'s converted figures and the money totals are null', async () => {
      const london = await create('London Shop', 'GBP', 'Europe/London');
      try {
        const body = (await agency(`${range}&currency=EUR`)).json();
        const row = body.workspaces.find((w: { name: string }) => w.name === 'London Shop');
        expect(row).toMatchObject({ sessions: 0, conversions: 0, own: { revenue: '0.00', spend: '0.00', cpa: null }, converted: { rate: null, revenue: null, spend: null, cpa: null } });
        expect(body.workspaces.find((w: { name: string }) => w.name === 'Tehran Shop').converted.revenue).toBe('261.60');
        expect(body.totals).toEqual({ sessions: 5, conversions: 5, revenue: null, spend: null, cpa: null, roas: null });
        expect(body.warnings).toEqual([expect.stringMatching(/^London Shop: no rate for GBP on or before 2026-03-31 in the installation's rates table/)]);
        // Into a currency the table does not name: every workspace but none is missing it.
        const usd = (await agency(`${range}&currency=USD`)).json();
        expect(usd.workspaces.every((w: { converted: { revenue: unknown } }) => w.converted.revenue === null)).toBe(true);
        expect(usd.warnings.filter((w: string) => w.includes('no rate for'))).toHaveLength(4);
        // Before the first IRR rate (1 Mar) Tehran has none either.
        const early = (await agency('from=2026-02-01&to=2026-02-28&currency=EUR')).json();
        expect(early.workspaces.find((w: { name: string }) => w.name === 'Tehran Shop').converted.revenue).toBeNull();
        expect(early.warnings).toEqual(expect.arrayContaining([expect.stringMatching(/^Tehran Shop: no rate for IRR on or before 2026-02-28/)]));
      } finally {
        await t.app.inject({ method: 'PATCH', url: `/v1/workspaces/${london}`, headers: op(), payload: { name: 'London Shop (closed)' } });
      }
    });

    it('refuses bad input naming the field', async () => {
      for (const [query, field] of [['from=2026-03-31&to=2026-03-01', 'querystring.from'], [`${range}&currency=EURO`, 'querystring.currency'], [`${range}&currency=XYZ`, 'querystring.currency'], ['to=2026-03-01', 'from'], ['from=2026-3-1&to=2026-03-01', 'from']]) {
        const res = await agency(query);
        expect(res.statusCode, query).toBe(400);
        expect(res.body, query).toContain(field);
      }
      expect((await agency(range, {})).statusCode).toBe(401);
    });

    it('renames a workspace: 409 for a taken name (any case), 404 for another workspace, 403 without admin, 400 for an empty name', async () => {
      const rename = (id: string, name: unknown, headers: Record<string, string>) => t.app.inject({ method: 'PATCH', url: `/v1/workspaces/${id}`, headers, payload: { name } });
      const renamed = await rename(saigon, '  Saigon Store ', op());
      expect([renamed.statusCode, renamed.json()]).toEqual([200, { id: saigon, name: 'Saigon Store' }]);
      expect((await t.ctx.store.getWorkspace(saigon))?.name).toBe('Saigon Store');
      const taken = await rename(saigon, 'tehran  SHOP', op());
      expect([taken.statusCode, taken.json().error]).toEqual([409, 'conflict']);
      expect((await rename(saigon, 'Saigon Store', op())).statusCode).toBe(200); // its own name is not taken
      const saigonAdmin = (await t.app.inject({ method: 'POST', url: '/v1/keys', headers: op(saigon), payload: { kind: 'secret', scopes: ['admin'] } })).json().key;
      expect((await rename(tehran, 'Mine now', { authorization: `Bearer ${saigonAdmin}` })).statusCode).toBe(404);
      expect((await t.ctx.store.getWorkspace(tehran))?.name).toBe('Tehran Shop');
      expect((await rename(saigon, 'Mine now', { authorization: `Bearer ${saigonKey}` })).statusCode).toBe(403);
      const empty = await rename(saigon, '   ', op());
      expect([empty.statusCode, empty.body]).toEqual([400, expect.stringContaining('body.name')]);
      expect((await rename('ws_nope', 'X', op())).statusCode).toBe(404);
      const again = await t.app.inject({ method: 'POST', url: '/v1/workspaces', headers: op(), payload: { name: 'Berlin shop', currency: 'EUR' } });
      expect([again.statusCode, again.json().error]).toEqual([409, 'conflict']);
      const bySettings = await t.app.inject({ method: 'PATCH', url: '/v1/workspace', headers: op(tehran), payload: { name: 'Saigon store' } });
      expect([bySettings.statusCode, bySettings.json().error]).toEqual([409, 'conflict']);
    });
  });
}
