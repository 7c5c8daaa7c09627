/**
 * People, roles and sign-in over HTTP (issue 15): passwords stored as argon2id hashes, e-mail and
 * password sign-in setting the session cookie, roles turned into scopes, the workspace header,
 * idle expiry, sign-out everywhere and the attempt limits (5 per e-mail, here 8 per address).
 * The clock is the test's: idle expiry and the limits' windows move without sleeping.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BrowserSessions } from '../../src/server/session/browser-sessions.js';
import { PersonSessions } from '../../src/server/session/person-sessions.js';
import { appOf, type TestApp } from '../operations/app-of.js';

let now = Date.parse('2026-06-01T10:00:00Z');
const clock = () => now;
const idleMs = 12 * 3_600_000;
let t: TestApp;
let beta: string;
const origin = 'http://localhost:80';
const op = { authorization: 'Bearer op' };
const password = 'correct horse battery';

async function add(email: string, role: string, workspace = 'default', extra: Record<string, unknown> = {}) {
  return t.app.inject({ method: 'POST', url: '/v1/members', headers: { ...op, 'x-roilens-workspace': workspace }, payload: { email, role, password, ...extra } });
}

async function signIn(email: string, pass = password, extra: Record<string, unknown> = {}) {
  return t.app.inject({ method: 'POST', url: '/v1/session', payload: { email, password: pass, ...extra } });
}

/** The Cookie header of a successful sign-in. */
async function cookieOf(email: string): Promise<string> {
  const res = await signIn(email);
  expect(res.statusCode, res.body).toBe(200);
  return String(res.headers['set-cookie']).split(';')[0];
}

beforeAll(async () => {
  t = await appOf(undefined, undefined, (store) => {
    const sessions = new BrowserSessions({ now: clock });
    return { sessions, people: new PersonSessions(store, { now: clock, idleMs, perEmail: 5, perAddress: 8, windowMs: 15 * 60_000 }) };
  });
  beta = (await t.app.inject({ method: 'POST', url: '/v1/workspaces', headers: op, payload: { name: 'Beta' } })).json().id;
}, 60_000);
afterAll(async () => t?.close());
// Each case starts in a fresh window of the attempt limits.
beforeEach(() => void (now += 15 * 60_000));

describe('people and passwords', () => {
  it('adds a person with a role; the store keeps an argon2id hash, not the password', async () => {
    const res = await add('Vera.Viewer@Example.com', 'viewer');
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ email: 'vera.viewer@example.com', role: 'viewer', has_password: true, created: true });
    const stored = await t.ctx.store.findPersonByEmail('VERA.viewer@example.com');
    expect(stored?.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(stored?.password_hash).not.toContain(password);
    expect(JSON.stringify((await t.app.inject({ url: '/v1/members', headers: op })).json())).not.toContain('argon2');
  });

  it('refuses a bad e-mail, role, password length or partner without id with 400 naming the field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ email: 'not-an-email', role: 'viewer' }, 'body.email'],
      [{ email: 'a@example.com', role: 'superuser' }, 'body.role'],
      [{ email: 'a@example.com', role: 'viewer', password: 'short' }, 'body.password'],
      [{ email: 'a@example.com', role: 'viewer', password: 'x'.repeat(257) }, 'body.password'],
      [{ email: 'a@example.com', role: 'partner' }, 'body.partner_id'],
    ];
    for (const [payload, field] of cases) {
      const res = await t.app.inject({ method: 'POST', url: '/v1/members', headers: op, payload });
      expect([res.statusCode, res.json().issues?.[0]?.path], JSON.stringify(payload)).toEqual([400, field]);
    }
  });

  it('an existing account only gains a membership: 409 when already a member, 400 when a password is given for it', async () => {
    expect((await add('vera.viewer@example.com', 'viewer')).statusCode).toBe(400);
    const again = await t.app.inject({ method: 'POST', url: '/v1/members', headers: op, payload: { email: 'vera.viewer@example.com', role: 'admin' } });
    expect([again.statusCode, again.json().error]).toEqual([409, 'conflict']);
  });
});

describe('sign-in and roles', () => {
  it('signs in with e-mail and password: HttpOnly SameSite=Lax cookie; a wrong password and an unknown e-mail get the same 401', async () => {
    const ok = await signIn('VERA.VIEWER@example.com');
    expect(ok.statusCode, ok.body).toBe(200);
    expect(String(ok.headers['set-cookie'])).toMatch(/^roilens_session=[A-Za-z0-9_-]{43}; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Lax$/);
    const wrong = await signIn('vera.viewer@example.com', 'wrong password!!');
    const unknown = await signIn('nobody@example.com');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(unknown.body).toBe(wrong.body);
    // The stored session is the id's hash: the cookie's value is nowhere in the table.
    const id = String(ok.headers['set-cookie']).split(';')[0].split('=')[1];
    expect(await t.ctx.store.findPersonSession(id)).toBeUndefined();
  });

  it('a viewer reads but may not write (403); the cookie needs the same Origin to write', async () => {
    const cookie = await cookieOf('vera.viewer@example.com');
    expect((await t.app.inject({ url: '/v1/kpis', headers: { cookie } })).statusCode).toBe(200);
    const write = await t.app.inject({ method: 'POST', url: '/v1/links', headers: { cookie, origin }, payload: { slug: 'v-link', destination: 'https://shop.example/' } });
    expect([write.statusCode, write.json().error]).toEqual([403, 'forbidden']);
    expect((await t.app.inject({ url: '/v1/members', headers: { cookie } })).statusCode).toBe(403);
  });

  it('an analyst writes experiments but not settings; an admin writes settings but grants no owner; an owner does', async () => {
    await add('ann.analyst@example.com', 'analyst');
    await add('adam.admin@example.com', 'admin');
    const analyst = await cookieOf('ann.analyst@example.com');
    const link = { slug: 'a-link', destination: 'https://shop.example/' };
    expect((await t.app.inject({ method: 'POST', url: '/v1/links', headers: { cookie: analyst, origin }, payload: link })).statusCode).toBe(403);
    const admin = await cookieOf('adam.admin@example.com');
    expect((await t.app.inject({ method: 'POST', url: '/v1/links', headers: { cookie: admin, origin }, payload: link })).statusCode).toBe(201);
    const grant = await t.app.inject({ method: 'POST', url: '/v1/members', headers: { cookie: admin, origin }, payload: { email: 'o2@example.com', role: 'owner' } });
    expect([grant.statusCode, grant.json().error]).toEqual([403, 'forbidden']);
    const archive = await t.app.inject({ method: 'POST', url: '/v1/workspaces/default/archive', headers: { cookie: admin, origin }, payload: {} });
    expect([archive.statusCode, archive.json().error]).toEqual([403, 'forbidden']);
    await add('olga.owner@example.com', 'owner');
    const owner = await cookieOf('olga.owner@example.com');
    expect((await t.app.inject({ method: 'POST', url: '/v1/members', headers: { cookie: owner, origin }, payload: { email: 'o2@example.com', role: 'owner' } })).statusCode).toBe(201);
    // Demoting one owner of two is fine; the last owner stays.
    expect((await t.app.inject({ method: 'PATCH', url: '/v1/members/o2@example.com', headers: { cookie: owner, origin }, payload: { role: 'viewer' } })).json().role).toBe('viewer');
    const last = await t.app.inject({ method: 'DELETE', url: '/v1/members/olga.owner@example.com', headers: { cookie: owner, origin } });
    expect([last.statusCode, last.json().error]).toEqual([409, 'conflict']);
  });

  it('a partner gets 403 on every operation that is not its portal', async () => {
    expect((await add('pat.partner@example.com', 'partner', 'default', { partner_id: 'prt_1' })).statusCode).toBe(404);
    const program = (await t.app.inject({ method: 'POST', url: '/v1/programs', headers: op, payload: { name: 'P', currency: 'EUR', window_days: 30, hold_days: 30, rules: [{ event: 'sale', type: 'percent', amount: '10' }] } })).json().id;
    const partner = (await t.app.inject({ method: 'POST', url: '/v1/partners', headers: op, payload: { name: 'Pat', email: 'pat.partner@example.com', kind: 'affiliate', program } })).json().id;
    expect((await add('pat.partner@example.com', 'partner', 'default', { partner_id: partner })).statusCode).toBe(201);
    const cookie = await cookieOf('pat.partner@example.com');
    for (const url of ['/v1/kpis', '/v1/workspace', '/v1/links', '/v1/members', '/v1/partners', `/v1/partners/${partner}`]) expect((await t.app.inject({ url, headers: { cookie } })).statusCode, url).toBe(403);
    expect((await t.app.inject({ url: '/v1/portal/me', headers: { cookie } })).json().partner.id).toBe(partner);
  });

  it('picks the workspace with X-Roilens-Workspace: a member acts there, a workspace they are not in is 404; writes of a person of two need it', async () => {
    await add('vera.viewer@example.com', 'admin', beta, { password: undefined });
    const cookie = await cookieOf('vera.viewer@example.com');
    const inBeta = await t.app.inject({ url: '/v1/workspace', headers: { cookie, 'x-roilens-workspace': beta } });
    expect(inBeta.json().name).toBe('Beta');
    expect((await t.app.inject({ method: 'POST', url: '/v1/links', headers: { cookie, origin, 'x-roilens-workspace': beta }, payload: { slug: 'beta-link', destination: 'https://b.example/' } })).statusCode).toBe(201);
    const ann = await cookieOf('ann.analyst@example.com');
    const elsewhere = await t.app.inject({ url: '/v1/workspace', headers: { cookie: ann, 'x-roilens-workspace': beta } });
    expect([elsewhere.statusCode, elsewhere.json().error]).toEqual([404, 'not_found']);
    expect(elsewhere.body).not.toContain('Beta');
    const unnamed = await t.app.inject({ method: 'POST', url: '/v1/links', headers: { cookie, origin }, payload: { slug: 'x-link', destination: 'https://b.example/' } });
    expect([unnamed.statusCode, unnamed.json().issues[0].path]).toEqual([400, 'headers.x-roilens-workspace']);
  });
});

describe('sessions end', () => {
  it('after 12 idle hours; a request before then keeps the session alive', async () => {
    const cookie = await cookieOf('ann.analyst@example.com');
    now += idleMs - 60_000;
    expect((await t.app.inject({ url: '/v1/kpis', headers: { cookie } })).statusCode).toBe(200);
    now += idleMs - 60_000;
    expect((await t.app.inject({ url: '/v1/kpis', headers: { cookie } })).statusCode).toBe(200);
    now += idleMs + 1;
    expect((await t.app.inject({ url: '/v1/kpis', headers: { cookie } })).statusCode).toBe(401);
    expect((await t.app.inject({ url: '/v1/session', headers: { cookie } })).json()).toEqual({ signed_in: false });
  });

  it('sign out ends one session; sign out everywhere ends all of the person\'s', async () => {
    await add('sam.signout@example.com', 'viewer');
    const a = await cookieOf('sam.signout@example.com');
    const b = await cookieOf('sam.signout@example.com');
    const c = await cookieOf('sam.signout@example.com');
    expect((await t.app.inject({ method: 'DELETE', url: '/v1/session', headers: { cookie: a, origin } })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/v1/kpis', headers: { cookie: a } })).statusCode).toBe(401);
    expect((await t.app.inject({ url: '/v1/kpis', headers: { cookie: b } })).statusCode).toBe(200);
    const all = await t.app.inject({ method: 'DELETE', url: '/v1/sessions', headers: { cookie: b, origin } });
    expect(all.json()).toEqual({ signed_in: false, revoked: 2 });
    expect((await t.app.inject({ url: '/v1/kpis', headers: { cookie: c } })).statusCode).toBe(401);
  });
});

describe('attempt limits', () => {
  for (const email of ['ann.analyst@example.com', 'ghost@example.com']) {
    it(`the 6th attempt for one e-mail in 15 minutes is 429 with Retry-After, right password or not, known e-mail or not (${email})`, async () => {
      for (let i = 0; i < 5; i++) expect((await signIn(email, 'wrong password!!')).statusCode).toBe(401);
      const sixth = await signIn(email);
      expect([sixth.statusCode, sixth.json().error]).toEqual([429, 'rate_limited']);
      expect(Number(sixth.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(sixth.headers['retry-after'])).toBeLessThanOrEqual(900);
      now += 15 * 60_000;
      expect((await signIn(email)).statusCode).toBe(email.startsWith('ann') ? 200 : 401);
    });
  }

  it('the address limit (8 here) counts across e-mails', async () => {
    for (let i = 0; i < 8; i++) expect((await signIn(`someone${i}@example.com`)).statusCode).toBe(401);
    expect((await signIn('adam.admin@example.com')).statusCode).toBe(429);
  });
});
