/**
 * The public application page and the partner portal through the real HTTP server on DuckDB (issue 16).
 * Applications: only a programme that takes them answers (else the same 404), hostile input is refused
 * naming the field, the answer is the same 202 for a new and a known e-mail (nothing stored twice, nothing
 * of other partners said), and an address is limited to 10 per hour (429 with Retry-After).
 * Portal: a signed-in partner sees its own profile, links (with their /c/ URLs) and coupons; another
 * partner's id is 404 there and every manager route is 403; a manager names the partner to see its page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applicationLimits } from '../../src/operations/partners/applications.js';
import { appOf, type TestApp } from './app-of.js';

let t: TestApp;
const adm = { authorization: 'Bearer adm' };
const origin = 'http://localhost:80';
let open: string;
let closed: string;
let ana: string;
let ben: string;

const post = (url: string, payload: unknown, headers: Record<string, string> = adm, remoteAddress = '127.0.0.1') =>
  t.app.inject({ method: 'POST', url, headers, payload: payload as object, remoteAddress });
const get = (url: string, headers: Record<string, string> = adm) => t.app.inject({ url, headers });
const refusal = (res: { statusCode: number; json(): { error: string; issues?: { path: string }[] } }) => [res.statusCode, res.json().error, res.json().issues?.[0]?.path];

beforeAll(async () => {
  t = await appOf();
  const rules = [{ event: 'sale', type: 'percent', amount: '10', tiers: [{ min_sales: 20, amount: '12.5' }] }];
  open = (await post('/v1/programs', { name: 'Open programme', currency: 'VND', window_days: 30, hold_days: 30, rules, accepts_applications: true })).json().id;
  closed = (await post('/v1/programs', { name: 'Closed programme', currency: 'EUR', window_days: 30, hold_days: 30, rules })).json().id;
  for (const slug of ['ana-blog', 'ben-site']) expect((await post('/v1/links', { slug, destination: `https://shop.example/${slug}` })).statusCode).toBe(201);
  ana = (await post('/v1/partners', { name: 'Ana', email: 'ana@blog.example', kind: 'influencer', program: open, links: ['ana-blog'], coupons: ['ANA10'] })).json().id;
  ben = (await post('/v1/partners', { name: 'Ben', email: 'ben@site.example', kind: 'affiliate', program: open, links: ['ben-site'], coupons: ['BEN5'], identities: ['ben-user-1'] })).json().id;
}, 60_000);
afterAll(async () => t?.close());

describe('public application page', () => {
  it('describes the form and what the programme pays, without a credential; a programme not taking applications is 404 like a missing one', async () => {
    const page = await get(`/v1/programs/${open}/apply`, {});
    expect(page.statusCode, page.body).toBe(200);
    expect(page.json().program).toEqual({ id: open, name: 'Open programme', currency: 'VND', window_days: 30, rewards: [{ event: 'sale', type: 'percent', amount: '10', tiers: [{ min_sales: 20, amount: '12.5' }] }] });
    expect(page.json().fields.map((f: { name: string; required: boolean }) => [f.name, f.required])).toEqual([['name', true], ['email', true], ['kind', true], ['website', false], ['note', false]]);
    expect(page.json().submit).toEqual({ method: 'POST', path: `/v1/programs/${open}/applications` });
    const missing = await get('/v1/programs/prg_missing/apply', {});
    const notOpen = await get(`/v1/programs/${closed}/apply`, {});
    expect([refusal(missing), refusal(notOpen)]).toEqual([[404, 'not_found', undefined], [404, 'not_found', undefined]]);
    expect(notOpen.json().message.replace(closed, 'ID')).toBe(missing.json().message.replace('prg_missing', 'ID'));
    expect(refusal(await post(`/v1/programs/${closed}/applications`, { name: 'Zed', email: 'zed@x.example', kind: 'affiliate' }, {}))).toEqual([404, 'not_found', undefined]);
  });

  it('stores an applicant as an applied partner with its website and note; a known e-mail gets the same 202 and nothing is stored again', async () => {
    const res = await post(`/v1/programs/${open}/applications`, { name: 'Chi Nguyễn', email: 'Chi@Video.example', kind: 'influencer', website: 'https://chi.example/videos', note: 'Cooking channel, 80k followers', status: 'approved', coupons: ['FREE'] }, {}, '10.0.0.1');
    expect([res.statusCode, res.json()]).toEqual([202, { received: true }]);
    const applied = (await get('/v1/partners?status=applied')).json().partners;
    expect(applied.map((p: { name: string; email: string; coupons: string[] }) => [p.name, p.email, p.coupons])).toEqual([['Chi Nguyễn', 'chi@video.example', []]]);
    const full = (await get(`/v1/partners/${applied[0].id}`)).json();
    expect(full.application).toMatchObject({ website: 'https://chi.example/videos', note: 'Cooking channel, 80k followers' });
    const again = await post(`/v1/programs/${open}/applications`, { name: 'Someone', email: 'ana@blog.example', kind: 'affiliate' }, {}, '10.0.0.1');
    expect([again.statusCode, again.body]).toEqual([202, res.body]);
    expect((await get('/v1/partners?limit=100')).json().partners).toHaveLength(3);
    const approved = await post(`/v1/partners/${applied[0].id}/approve`, {});
    expect(approved.json().status).toBe('approved');
  });

  it('refuses hostile input naming the field, and a body over 64 KB with 413', async () => {
    const base = { name: 'Dee', email: 'dee@x.example', kind: 'publisher' };
    const cases: [unknown, string][] = [
      [{ ...base, name: 'Dee\u0000<script>' }, 'body.name'],
      [{ ...base, name: '' }, 'body.name'],
      [{ ...base, name: 'x'.repeat(201) }, 'body.name'],
      [{ ...base, email: 'dee@' }, 'body.email'],
      [{ ...base, email: `${'a'.repeat(250)}@x.example` }, 'body.email'],
      [{ ...base, kind: 'admin' }, 'body.kind'],
      [{ ...base, website: 'javascript:alert(1)' }, 'body.website'],
      [{ ...base, website: 'https://user:pw@evil.example/' }, 'body.website'],
      [{ ...base, note: 'n'.repeat(2001) }, 'body.note'],
      [{ ...base, note: 'bell\u0007' }, 'body.note'],
      [{ ...base, email: ['a@b.example'] }, 'body.email'],
    ];
    const got = [];
    for (const [payload] of cases) got.push(refusal(await post(`/v1/programs/${open}/applications`, payload, {}, '10.0.0.2')));
    expect(got).toEqual(cases.map(([, path]) => [400, 'invalid_input', path]));
    const big = await post(`/v1/programs/${open}/applications`, { ...base, note: 'n'.repeat(70_000) }, {}, '10.0.0.2');
    expect(big.statusCode).toBe(413);
    expect((await get('/v1/partners?limit=100')).json().partners).toHaveLength(3);
  });

  it(`limits one address to ${applicationLimits.perAddress} applications an hour and one e-mail to ${applicationLimits.perEmail}: 429 with Retry-After`, async () => {
    const statuses = [];
    for (let i = 0; i <= applicationLimits.perAddress; i++) {
      statuses.push((await post(`/v1/programs/${open}/applications`, { name: `P${i}`, email: `p${i}@flood.example`, kind: 'affiliate' }, {}, '10.0.0.3')).statusCode);
    }
    expect(statuses).toEqual([...Array(applicationLimits.perAddress).fill(202), 429]);
    const limited = await post(`/v1/programs/${open}/applications`, { name: 'Q', email: 'q@flood.example', kind: 'affiliate' }, {}, '10.0.0.3');
    expect([limited.statusCode, limited.json().error, Number(limited.headers['retry-after']) > 0]).toEqual([429, 'rate_limited', true]);
    const byEmail = [];
    for (let i = 0; i <= applicationLimits.perEmail; i++) byEmail.push((await post(`/v1/programs/${open}/applications`, { name: 'R', email: 'r@same.example', kind: 'affiliate' }, {}, `10.0.1.${i}`)).statusCode);
    expect(byEmail).toEqual([...Array(applicationLimits.perEmail).fill(202), 429]);
    expect((await post(`/v1/programs/${open}/applications`, { name: 'S', email: 's@other.example', kind: 'affiliate' }, {}, '10.0.0.4')).statusCode).toBe(202);
  });
});

describe('partner portal', () => {
  let anaCookie: string;

  it('a partner member names an existing partner of the workspace (404 naming the field otherwise)', async () => {
    const unknown = await post('/v1/members', { email: 'ghost@x.example', role: 'partner', partner_id: 'prt_ghost', password: 'partner password 1' });
    expect(refusal(unknown)).toEqual([404, 'not_found', 'body.partner_id']);
    expect((await t.ctx.store.findPersonByEmail('ghost@x.example'))).toBeUndefined();
    const added = await post('/v1/members', { email: 'ana@blog.example', role: 'partner', partner_id: ana, password: 'partner password 1' });
    expect(added.statusCode, added.body).toBe(201);
    const res = await post('/v1/session', { email: 'ana@blog.example', password: 'partner password 1' }, {});
    expect(res.statusCode, res.body).toBe(200);
    anaCookie = String(res.headers['set-cookie']).split(';')[0];
  });

  it('shows the partner its own profile, programme terms, links with their URLs and coupons; nothing of Ben', async () => {
    const me = await get('/v1/portal/me', { cookie: anaCookie });
    expect(me.statusCode, me.body).toBe(200);
    expect(me.json()).toMatchObject({
      partner: { id: ana, name: 'Ana', email: 'ana@blog.example', kind: 'influencer', status: 'approved' },
      program: { id: open, currency: 'VND', rules: [{ id: 'r1', event: 'sale', type: 'percent', amount: '10' }] },
      links: [{ slug: 'ana-blog', url: `${origin}/c/ana-blog`, path: '/c/ana-blog', destination: 'https://shop.example/ana-blog', disabled: false }],
      coupons: ['ANA10'],
    });
    expect(me.body).not.toMatch(/ben|BEN5/i);
    expect((await get(`/v1/portal/me?partner=${ana}`, { cookie: anaCookie })).statusCode).toBe(200);
  });

  it('another partner\'s id is 404 in the portal; the manager routes are 403', async () => {
    const other = await get(`/v1/portal/me?partner=${ben}`, { cookie: anaCookie });
    expect(refusal(other)).toEqual([404, 'not_found', undefined]);
    expect(other.body).not.toMatch(/Ben|ben@|BEN5|ben-user/);
    for (const url of [`/v1/partners/${ben}`, `/v1/partners/${ana}`, '/v1/partners', '/v1/programs', `/v1/programs/${open}`, '/v1/events?anonymous_id=x', '/v1/kpis']) {
      expect((await get(url, { cookie: anaCookie })).statusCode, url).toBe(403);
    }
    expect((await post(`/v1/partners/${ben}/ban`, {}, { cookie: anaCookie, origin })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'PATCH', url: `/v1/partners/${ana}`, headers: { cookie: anaCookie, origin }, payload: { coupons: ['FREE100'] } })).statusCode).toBe(403);
  });

  it('a manager sees a partner\'s portal by naming it; without a name it is 400', async () => {
    const key = (await post('/v1/keys', { kind: 'secret', scopes: ['partners:read'] })).json().key;
    const manager = { authorization: `Bearer ${key}` };
    expect((await get(`/v1/portal/me?partner=${ben}`, manager)).json().partner.id).toBe(ben);
    expect(refusal(await get('/v1/portal/me', manager))).toEqual([400, 'invalid_input', 'querystring.partner']);
    const kpisOnly = (await post('/v1/keys', { kind: 'secret', scopes: ['kpis:read'] })).json().key;
    expect((await get(`/v1/portal/me?partner=${ben}`, { authorization: `Bearer ${kpisOnly}` })).statusCode).toBe(403);
  });
});
