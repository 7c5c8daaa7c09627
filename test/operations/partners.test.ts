/**
 * Programmes and partners through the real HTTP server on DuckDB (issue 16): rule ids assigned by the
 * server, every rule that cannot be evaluated refused with its field named and nothing stored, links
 * and coupons that credit one partner only (409 naming the field), cursor paging with filters, the
 * status lifecycle (audited), and another workspace's objects not found.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appOf, type TestApp } from './app-of.js';

let t: TestApp;
const adm = { authorization: 'Bearer adm' };
let program: string;

const post = (url: string, payload: unknown, headers: Record<string, string> = adm) => t.app.inject({ method: 'POST', url, headers, payload: payload as object });
const patch = (url: string, payload: unknown) => t.app.inject({ method: 'PATCH', url, headers: adm, payload: payload as object });
const get = (url: string, headers: Record<string, string> = adm) => t.app.inject({ url, headers });
/** A refusal as [status, code, the first issue's path]. */
const refusal = (res: { statusCode: number; json(): { error: string; issues?: { path: string }[] } }) => [res.statusCode, res.json().error, res.json().issues?.[0]?.path];

const sale = { name: 'Spring affiliates', currency: 'EUR', window_days: 30, hold_days: 14, rules: [{ event: 'sale', type: 'percent', amount: '10' }, { event: 'lead', type: 'flat', amount: '5.00' }] };

beforeAll(async () => {
  t = await appOf();
  for (const slug of ['ana-blog', 'ana-video', 'ben-site', 'cat-site']) {
    expect((await post('/v1/links', { slug, destination: 'https://shop.example/' })).statusCode).toBe(201);
  }
}, 60_000);
afterAll(async () => t?.close());

describe('programmes', () => {
  it('creates a programme: rule ids r1, r2 from the server, amounts as canonical decimals, defaults for the rest', async () => {
    const res = await post('/v1/programs', { ...sale, rules: sale.rules.map((r) => ({ ...r, id: 'r9' })) });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    program = body.id;
    expect(body.id).toMatch(/^prg_[0-9a-f]{16}$/);
    expect(body).toMatchObject({
      name: 'Spring affiliates', currency: 'EUR', window_days: 30, hold_days: 14, crediting: 'last_click', model: null, override_percent: null,
      min_payout: '0', payout_schedule: 'monthly', fraud_threshold: 70, accepts_applications: false,
      rules: [{ id: 'r1', event: 'sale', type: 'percent', amount: '10' }, { id: 'r2', event: 'lead', type: 'flat', amount: '5' }],
    });
    expect((await get(`/v1/programs/${program}`)).json()).toEqual(body);
    expect((await get('/v1/programs')).json()).toEqual({ programs: [body], next_cursor: null });
  });

  it('refuses a rule that cannot be evaluated naming its field, and stores nothing', async () => {
    const rule = { event: 'sale', type: 'percent', amount: '10' };
    const cases: [unknown, string][] = [
      [{ ...sale, rules: [{ ...rule, event: 'refund' }] }, 'body.rules.0.event'],
      [{ ...sale, rules: [rule, { ...rule, type: 'flat', amount: '-5' }] }, 'body.rules.1.amount'],
      [{ ...sale, rules: [{ ...rule, tiers: [{ min_sales: 10, amount: '12' }, { min_sales: 5, amount: '15' }] }] }, 'body.rules.0.tiers.1.min_sales'],
      [{ ...sale, rules: [{ ...rule, tiers: [{ min_sales: 10, amount: '12' }, { min_sales: 10, amount: '15' }] }] }, 'body.rules.0.tiers.1.min_sales'],
      [{ ...sale, rules: [{ ...rule, amount: '100.5' }] }, 'body.rules.0.amount'],
      [{ ...sale, rules: [{ ...rule, tiers: [{ min_sales: 10, amount: '101' }] }] }, 'body.rules.0.tiers.0.amount'],
      [{ ...sale, currency: 'XYZ' }, 'body.currency'],
      [{ ...sale, currency: 'eur' }, 'body.currency'],
      [{ ...sale, rules: [{ event: 'sale', type: 'flat', amount: '5.001' }] }, 'body.rules.0.amount'],
      [{ ...sale, currency: 'IRR', rules: [{ event: 'lead', type: 'flat', amount: '50000.5' }] }, 'body.rules.0.amount'],
      [{ ...sale, rules: [{ event: 'click', type: 'percent', amount: '1' }] }, 'body.rules.0.type'],
      [{ ...sale, rules: [] }, 'body.rules'],
      [{ ...sale, override_percent: '120' }, 'body.override_percent'],
      [{ ...sale, model: 'custom' }, 'body.model'],
      [{ ...sale, window_days: 0 }, 'body.window_days'],
    ];
    const got = [];
    for (const [payload] of cases) got.push(refusal(await post('/v1/programs', payload)));
    expect(got).toEqual(cases.map(([, path]) => [400, 'invalid_input', path]));
    const negative = await post('/v1/programs', cases[1][0]);
    expect(negative.json().issues[0].message).toBe('must not be negative');
    expect((await get('/v1/programs')).json().programs).toHaveLength(1);
  });

  it('updates: rules named by id keep it, new rules get the next id, an unknown rule id is refused', async () => {
    const res = await patch(`/v1/programs/${program}`, { hold_days: 30, rules: [{ id: 'r2', event: 'lead', type: 'flat', amount: '6' }, { event: 'sale', type: 'percent', amount: '12', tiers: [{ min_sales: 10, amount: '15' }], retroactive: true }] });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ hold_days: 30, rules: [{ id: 'r2', amount: '6' }, { id: 'r3', amount: '12', tiers: [{ min_sales: 10, amount: '15' }], retroactive: true }] });
    expect(refusal(await patch(`/v1/programs/${program}`, { rules: [{ id: 'r7', ...sale.rules[0] }] }))).toEqual([400, 'invalid_input', 'body.rules.0.id']);
    // r1 was removed above: its id is refused, and is never given to a new rule.
    const retired = await patch(`/v1/programs/${program}`, { rules: [{ id: 'r1', ...sale.rules[0] }] });
    expect(refusal(retired)).toEqual([400, 'invalid_input', 'body.rules.0.id']);
    expect(retired.json().issues[0].message).toMatch(/^rule r1 was removed from the programme/);
    expect(refusal(await patch(`/v1/programs/${program}`, {}))).toEqual([400, 'invalid_input', 'body']);
    expect(refusal(await patch('/v1/programs/prg_missing', { hold_days: 3 }))).toEqual([404, 'not_found', undefined]);
  });
});

describe('rule ids are never reused', () => {
  it('a removed rule\'s id is not given to the next new rule: r1 r2 → drop r2 → a new rule is r3; drop r3 → r4', async () => {
    const made = (await post('/v1/programs', sale)).json();
    expect(made.rules.map((r: { id: string }) => r.id)).toEqual(['r1', 'r2']);
    const dropped = await patch(`/v1/programs/${made.id}`, { rules: [{ id: 'r1', ...sale.rules[0] }] });
    expect(dropped.json().rules.map((r: { id: string }) => r.id)).toEqual(['r1']);
    const added = await patch(`/v1/programs/${made.id}`, { rules: [{ id: 'r1', ...sale.rules[0] }, sale.rules[1]] });
    expect(added.json().rules.map((r: { id: string }) => r.id)).toEqual(['r1', 'r3']);
    await patch(`/v1/programs/${made.id}`, { rules: [{ id: 'r1', ...sale.rules[0] }] });
    const again = await patch(`/v1/programs/${made.id}`, { rules: [sale.rules[1], { id: 'r1', ...sale.rules[0] }] });
    expect(again.json().rules.map((r: { id: string }) => r.id)).toEqual(['r4', 'r1']);
    expect(refusal(await patch(`/v1/programs/${made.id}`, { rules: [{ id: 'r3', ...sale.rules[1] }] }))).toEqual([400, 'invalid_input', 'body.rules.0.id']);
  });

  it('a programme stored before the count was kept counts on from its rules and the rule ids its ledger holds', async () => {
    const ws = t.ctx.workspaceId;
    const old = { ...(await t.ctx.store.getProgram(ws, program))! };
    const legacy = { ...old, id: 'prg_legacy', rules: [{ id: 'r1', event: 'sale' as const, type: 'percent' as const, amount: '10' }] };
    delete legacy.rule_ids_issued;
    await t.ctx.store.putProgram(legacy);
    // r5 was removed long ago, but paid a commission: the ledger remembers it.
    await t.ctx.store.appendLedger(ws, [{
      id: 'le_legacy', workspace_id: ws, program_id: 'prg_legacy', partner_id: 'prt_gone', kind: 'commission', amount: '1.00', currency: 'EUR',
      key: 'commission:o-legacy:r5', ref: null, order_id: 'o-legacy', rule_id: 'r5', refund_id: null, payout_run_id: null, reason: null,
      fraud_score: null, held: false, occurred_at: '2026-01-01T00:00:00.000Z', created_at: '2026-01-01T00:00:00.000Z', note: null,
    }]);
    const res = await patch('/v1/programs/prg_legacy', { rules: [{ id: 'r1', ...sale.rules[0] }, sale.rules[1]] });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().rules.map((r: { id: string }) => r.id)).toEqual(['r1', 'r6']);
    expect((await t.ctx.store.getProgram(ws, 'prg_legacy'))?.rule_ids_issued).toBe(6);
  });
});

describe('partners', () => {
  let ana: string;
  let ben: string;

  it('creates a partner with its links and coupons (e-mail lower-cased, codes upper-cased), approved by default', async () => {
    const res = await post('/v1/partners', { name: 'Ana Blog', email: 'Ana@Blog.example', kind: 'affiliate', program, links: ['ana-blog', 'ana-video'], coupons: ['ana10', 'ANA10'], country: 'de', group: 'bloggers' });
    expect(res.statusCode, res.body).toBe(201);
    ana = res.json().id;
    expect(res.json()).toMatchObject({ program, email: 'ana@blog.example', kind: 'affiliate', status: 'approved', links: ['ana-blog', 'ana-video'], coupons: ['ANA10'], country: 'DE', group: 'bloggers', language: 'en', parent: null });
    expect(res.json().approved_at).toBe(res.json().created_at);
    const got = (await get(`/v1/partners/${ana}`)).json();
    expect(got).toEqual({ ...res.json(), application: null });
  });

  it('refuses bad input naming the field: unknown programme 404, a link not in the workspace 400, another partner\'s link or coupon 409; nothing stored', async () => {
    const base = { name: 'Ben', email: 'ben@site.example', kind: 'publisher', program };
    const cases: [unknown, [number, string, string]][] = [
      [{ ...base, program: 'prg_nope' }, [404, 'not_found', 'body.program']],
      [{ ...base, links: ['ben-site', 'no-such-link'] }, [400, 'invalid_input', 'body.links.1']],
      [{ ...base, links: ['ben-site', 'ana-video'] }, [409, 'conflict', 'body.links.1']],
      [{ ...base, coupons: ['BEN5', 'Ana10'] }, [409, 'conflict', 'body.coupons.1']],
      [{ ...base, kind: 'reseller' }, [400, 'invalid_input', 'body.kind']],
      [{ ...base, email: 'no-at-sign' }, [400, 'invalid_input', 'body.email']],
      [{ ...base, coupons: ['has space'] }, [400, 'invalid_input', 'body.coupons.0']],
      [{ ...base, country: 'XX' }, [400, 'invalid_input', 'body.country']],
      [{ ...base, country: 'D1' }, [400, 'invalid_input', 'body.country']],
      [{ ...base, tax: { country: '' } }, [400, 'invalid_input', 'body.tax.country']],
      [{ ...base, parent: 'prt_missing' }, [404, 'not_found', 'body.parent']],
      [{ ...base, retainer: { amount: '10.005', cadence: 'monthly', from: '2026-01-01' } }, [400, 'invalid_input', 'body.retainer.amount']],
    ];
    const got = [];
    for (const [payload] of cases) got.push(refusal(await post('/v1/partners', payload)));
    expect(got).toEqual(cases.map(([, want]) => want));
    expect((await get('/v1/partners')).json().partners.map((p: { id: string }) => p.id)).toEqual([ana]);
  });

  it('links and coupons move between partners only when the first lets them go; the parent is a partner of the same programme', async () => {
    ben = (await post('/v1/partners', { name: 'Ben', email: 'ben@site.example', kind: 'publisher', program, links: ['ben-site'], coupons: ['BEN5'], parent: ana })).json().id;
    expect(refusal(await patch(`/v1/partners/${ben}`, { coupons: ['ana10'] }))).toEqual([409, 'conflict', 'body.coupons.0']);
    expect(refusal(await patch(`/v1/partners/${ana}`, { parent: ben }))).toEqual([400, 'invalid_input', 'body.parent']);
    expect(refusal(await patch(`/v1/partners/${ana}`, { parent: ana }))).toEqual([400, 'invalid_input', 'body.parent']);
    expect((await patch(`/v1/partners/${ana}`, { coupons: ['ANA20'], links: ['ana-blog'] })).json()).toMatchObject({ coupons: ['ANA20'], links: ['ana-blog'] });
    const moved = await patch(`/v1/partners/${ben}`, { coupons: ['ana10', 'BEN5'], links: ['ben-site', 'ana-video'] });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ coupons: ['ANA10', 'BEN5'], links: ['ben-site', 'ana-video'], parent: ana });
  });

  it('pages with a cursor in id order, filtered by programme, status, kind and group', async () => {
    for (const [name, kind, group] of [['Cat', 'influencer', 'video'], ['Dan', 'influencer', 'video'], ['Eve', 'affiliate', null]] as const) {
      expect((await post('/v1/partners', { name, email: `${name.toLowerCase()}@x.example`, kind, program, group, status: 'applied' })).statusCode).toBe(201);
    }
    const all = (await get('/v1/partners?limit=1000')).json().partners.map((p: { id: string }) => p.id);
    expect(all).toHaveLength(5);
    expect([...all].sort()).toEqual(all);
    const seen: string[] = [];
    let cursor = '';
    for (let pages = 0; pages < 10; pages++) {
      const page = (await get(`/v1/partners?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)).json();
      seen.push(...page.partners.map((p: { id: string }) => p.id));
      if (!page.next_cursor) break;
      cursor = page.next_cursor;
    }
    expect(seen).toEqual(all);
    const names = async (query: string) => (await get(`/v1/partners?${query}`)).json().partners.map((p: { name: string }) => p.name).sort();
    expect(await names('kind=influencer&group=video')).toEqual(['Cat', 'Dan']);
    expect(await names('status=applied')).toEqual(['Cat', 'Dan', 'Eve']);
    expect(await names(`program=${program}&status=approved`)).toEqual(['Ana Blog', 'Ben']);
    expect(await names('program=prg_other')).toEqual([]);
    const filteredPage = (await get('/v1/partners?status=applied&limit=2')).json();
    expect(filteredPage.partners).toHaveLength(2);
    const rest = (await get(`/v1/partners?status=applied&limit=2&cursor=${encodeURIComponent(filteredPage.next_cursor)}`)).json();
    expect([...filteredPage.partners, ...rest.partners].map((p: { name: string }) => p.name).sort()).toEqual(['Cat', 'Dan', 'Eve']);
    expect(rest.next_cursor).toBeNull();
    expect(refusal(await get('/v1/partners?status=gone'))).toEqual([400, 'invalid_input', 'querystring.status']);
  });

  it('approve, suspend, approve again, ban: a ban is final (409 naming status); each change is audited with before and after', async () => {
    const step = async (action: string) => post(`/v1/partners/${ben}/${action}`, {});
    expect((await step('approve')).json().status).toBe('approved');
    expect((await step('suspend')).json().status).toBe('suspended');
    expect((await step('suspend')).json().status).toBe('suspended');
    expect((await step('approve')).json().status).toBe('approved');
    expect((await step('ban')).json().status).toBe('banned');
    expect(refusal(await step('approve'))).toEqual([409, 'conflict', 'status']);
    expect(refusal(await step('suspend'))).toEqual([409, 'conflict', 'status']);
    const applied = (await get('/v1/partners?status=applied')).json().partners[0];
    expect(refusal(await post(`/v1/partners/${applied.id}/suspend`, {}))).toEqual([409, 'conflict', 'status']);
    const approved = (await post(`/v1/partners/${applied.id}/approve`, {})).json();
    expect(approved.approved_at).not.toBeNull();
    const audit = (await get('/v1/audit?limit=200')).json().entries.filter((e: { operation: string; target_id: string }) => e.target_id === ben && e.operation === 'partners.ban');
    expect(audit).toHaveLength(1);
    expect([audit[0].before.status, audit[0].after.status]).toEqual(['approved', 'banned']);
    expect(refusal(await post('/v1/partners/prt_missing/ban', {}))).toEqual([404, 'not_found', undefined]);
  });

  it('another workspace sees none of it: its key gets 404 on the ids and empty lists', async () => {
    const beta = (await post('/v1/workspaces', { name: 'Beta' }, { authorization: 'Bearer op' })).json().id;
    const key = (await post('/v1/keys', { kind: 'secret', scopes: ['partners:write'] }, { authorization: 'Bearer op', 'x-roilens-workspace': beta })).json().key;
    const b = { authorization: `Bearer ${key}` };
    expect((await get(`/v1/partners/${ana}`, b)).statusCode).toBe(404);
    expect((await get(`/v1/programs/${program}`, b)).statusCode).toBe(404);
    expect((await get('/v1/partners', b)).json().partners).toEqual([]);
    expect((await get('/v1/programs', b)).json().programs).toEqual([]);
    expect(refusal(await post('/v1/partners', { name: 'X', email: 'x@y.example', kind: 'affiliate', program }, b))).toEqual([404, 'not_found', 'body.program']);
    expect(refusal(await post(`/v1/partners/${ana}/ban`, {}, b))).toEqual([404, 'not_found', undefined]);
  });

  it('ten creates claiming one link, or one coupon, at the same time: exactly one is stored, nine answer 409 naming the field', async () => {
    expect((await post('/v1/links', { slug: 'race-link', destination: 'https://shop.example/' })).statusCode).toBe(201);
    const racers = (field: 'links' | 'coupons', value: string) => Array.from({ length: 10 }, (_, i) =>
      post('/v1/partners', { name: `Racer ${i}`, email: `racer-${field}-${i}@x.example`, kind: 'affiliate', program, [field]: [value] }));
    for (const [field, value] of [['links', 'race-link'], ['coupons', 'RACE10']] as const) {
      const answers = await Promise.all(racers(field, value));
      expect(answers.map((r) => r.statusCode).sort()).toEqual([201, ...Array(9).fill(409)]);
      expect(answers.filter((r) => r.statusCode === 409).map((r) => refusal(r))).toEqual(Array(9).fill([409, 'conflict', `body.${field}.0`]));
      // The one stored holds it; none of the refused was stored.
      const holders = (await get('/v1/partners?limit=1000')).json().partners.filter((p: { name: string; links: string[]; coupons: string[] }) => p.name.startsWith('Racer') && p[field].includes(value));
      expect(holders.map((p: { id: string }) => p.id)).toEqual([answers.find((r) => r.statusCode === 201)!.json().id]);
    }
    expect((await get('/v1/partners?limit=1000')).json().partners.filter((p: { name: string }) => p.name.startsWith('Racer'))).toHaveLength(2);
  });
});
