/**
 * Invitations, password resets, the first owner and the TOTP second factor (issue 15), over HTTP with
 * e-mail going through a real SMTP server in this process (smtp-server): what arrives is read back
 * from its socket, links are followed, codes spent once and refused once expired.
 */
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { generate } from 'otplib';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BrowserSessions } from '../../src/server/session/browser-sessions.js';
import { PersonSessions } from '../../src/server/session/person-sessions.js';
import { ensureFirstOwner } from '../../src/server/first-owner.js';
import { appOf, type TestApp } from '../operations/app-of.js';

let now = Date.now();
const clock = () => now;
let t: TestApp;
let smtp: SMTPServer;
const inbox: { to: string; body: string }[] = [];
const op = { authorization: 'Bearer op' };
const origin = 'http://localhost:80';

/** The link in the last message to `to` (after waiting for it). */
async function linkMailedTo(to: string, kind: 'invite' | 'reset', after = 0): Promise<string> {
  await expect.poll(() => inbox.slice(after).filter((m) => m.to === to).length, { timeout: 10_000 }).toBeGreaterThan(0);
  const body = inbox.slice(after).filter((m) => m.to === to).at(-1)!.body.replace(/=\r?\n/g, '');
  return new RegExp(`#${kind}=([A-Za-z0-9_-]+)`).exec(body)![1];
}

const accept = (code: string, password: string) => t.app.inject({ method: 'POST', url: '/v1/invitations/accept', payload: { code, password } });
const signIn = (email: string, password: string, totp?: string) => t.app.inject({ method: 'POST', url: '/v1/session', payload: { email, password, ...(totp ? { totp } : {}) } });
const cookieOf = (res: { headers: Record<string, unknown> }) => String(res.headers['set-cookie']).split(';')[0];

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS'], logger: false,
    onData(stream, session, callback) {
      let body = '';
      stream.on('data', (chunk: Buffer) => (body += chunk.toString()));
      stream.on('end', () => {
        for (const rcpt of session.envelope.rcptTo) inbox.push({ to: rcpt.address, body });
        callback();
      });
    },
  });
  smtp.listen(0, '127.0.0.1');
  await once(smtp.server, 'listening');
  process.env.ROILENS_SMTP_URL = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
  t = await appOf(undefined, undefined, (store) => ({
    sessions: new BrowserSessions({ now: clock }),
    people: new PersonSessions(store, { now: clock, idleMs: 12 * 3_600_000, perEmail: 5, perAddress: 50, windowMs: 15 * 60_000 }),
  }));
}, 60_000);
afterAll(async () => {
  delete process.env.ROILENS_SMTP_URL;
  await t?.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});
beforeEach(() => void (now += 15 * 60_000));

describe('first owner', () => {
  it('a database without people gets an owner with a single-use 15-minute sign-in link; a second start adds none', async () => {
    const first = await ensureFirstOwner(t.ctx.store, 'default', 'owner@localhost', 'http://localhost:8080', now);
    expect(first?.url).toMatch(/^http:\/\/localhost:8080\/#code=[A-Za-z0-9_-]{43}$/);
    expect(first?.expiresAt.getTime()).toBe(now + 15 * 60_000);
    expect(await ensureFirstOwner(t.ctx.store, 'default', 'owner@localhost', 'http://localhost:8080', now)).toBeUndefined();
    const code = decodeURIComponent(first!.url.split('#code=')[1]);
    const opened = await t.app.inject({ method: 'POST', url: '/v1/session', payload: { code } });
    expect(opened.statusCode, opened.body).toBe(200);
    const status = await t.app.inject({ url: '/v1/session', headers: { cookie: cookieOf(opened) } });
    expect(status.json()).toMatchObject({ signed_in: true, email: 'owner@localhost', workspaces: [{ id: 'default', role: 'owner' }] });
    expect((await t.app.inject({ method: 'POST', url: '/v1/session', payload: { code } })).statusCode).toBe(401);
    // The owner sets a password (none yet, so no current one is asked) and signs in with it.
    const set = await t.app.inject({ method: 'PUT', url: '/v1/session/password', headers: { cookie: cookieOf(opened), origin }, payload: { password: 'owner password 1' } });
    expect(set.statusCode, set.body).toBe(200);

    expect((await signIn('owner@localhost', 'owner password 1')).statusCode).toBe(200);
    const again = await t.app.inject({ method: 'PUT', url: '/v1/session/password', headers: { cookie: cookieOf(opened), origin }, payload: { password: 'owner password 2' } });
    expect([again.statusCode, again.json().issues[0].path]).toEqual([401, 'current_password']);
  });

  it('an expired first-owner code is refused', async () => {
    await t.ctx.store.createPerson({ id: 'per_late', email: 'late@example.com', created_at: new Date(now).toISOString(), password_hash: null });
    const { mintPersonCode } = await import('../../src/operations/session/person-codes.js');
    const { code } = await mintPersonCode(t.ctx.store, 'per_late', 'signin', now);
    now += 15 * 60_000 + 1;
    expect((await t.app.inject({ method: 'POST', url: '/v1/session', payload: { code } })).statusCode).toBe(401);
  });
});

describe('invitations', () => {
  it('prints and e-mails a link that sets the password once; then the person signs in with it', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/v1/invitations', headers: op, payload: { email: 'ivy@example.com', role: 'analyst' } });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ email: 'ivy@example.com', role: 'analyst', emailed: true });
    const printed = res.json().url.split('#invite=')[1];
    expect(await linkMailedTo('ivy@example.com', 'invite')).toBe(printed);
    expect((await signIn('ivy@example.com', 'ivy password 1')).statusCode).toBe(401);
    const short = await accept(printed, 'short');
    expect([short.statusCode, short.json().issues[0].path]).toEqual([400, 'body.password']);
    const accepted = await accept(printed, 'ivy password 1');
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect((await t.app.inject({ url: '/v1/kpis', headers: { cookie: cookieOf(accepted) } })).statusCode).toBe(200);
    expect((await accept(printed, 'ivy password 2')).statusCode).toBe(401);
    expect((await signIn('ivy@example.com', 'ivy password 1')).statusCode).toBe(200);
  });

  it('an invitation older than 7 days is refused; an existing account gets no link', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/v1/invitations', headers: op, payload: { email: 'old@example.com', role: 'viewer' } });
    now += 7 * 24 * 3_600_000 + 1;
    expect((await accept(res.json().url.split('#invite=')[1], 'old password 1')).statusCode).toBe(401);
    const beta = (await t.app.inject({ method: 'POST', url: '/v1/workspaces', headers: op, payload: { name: 'Beta' } })).json().id;
    const existing = await t.app.inject({ method: 'POST', url: '/v1/invitations', headers: { ...op, 'x-roilens-workspace': beta }, payload: { email: 'ivy@example.com', role: 'viewer' } });
    expect(existing.json()).toMatchObject({ url: null, emailed: false });
  });
});

describe('password reset', () => {
  it('always answers 202; e-mails a reset link only to an account; the link sets a new password and ends other sessions', async () => {
    const before = inbox.length;
    const unknown = await t.app.inject({ method: 'POST', url: '/v1/password-reset', payload: { email: 'nobody@example.com' } });
    expect([unknown.statusCode, unknown.json()]).toEqual([202, { accepted: true }]);
    const bad = await t.app.inject({ method: 'POST', url: '/v1/password-reset', payload: { email: 'not an email' } });
    expect([bad.statusCode, bad.json().issues[0].path]).toEqual([400, 'body.email']);
    const old = cookieOf(await signIn('ivy@example.com', 'ivy password 1'));
    const known = await t.app.inject({ method: 'POST', url: '/v1/password-reset', payload: { email: 'IVY@example.com' } });
    expect(known.statusCode).toBe(202);
    const code = await linkMailedTo('ivy@example.com', 'reset', before);
    expect(inbox.slice(before).map((m) => m.to)).toEqual(['ivy@example.com']);
    expect((await accept(code, 'ivy password 9')).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/v1/kpis', headers: { cookie: old } })).statusCode).toBe(401);
    expect((await signIn('ivy@example.com', 'ivy password 1')).statusCode).toBe(401);
    expect((await signIn('ivy@example.com', 'ivy password 9')).statusCode).toBe(200);
  });

  it('the operator prints a reset link; a key with admin may not (403)', async () => {
    const link = await t.app.inject({ method: 'POST', url: '/v1/password-reset/links', headers: op, payload: { email: 'ivy@example.com' } });
    expect(link.statusCode, link.body).toBe(201);
    expect(link.json().url).toMatch(/#reset=/);
    expect((await t.app.inject({ method: 'POST', url: '/v1/password-reset/links', headers: { authorization: 'Bearer adm' }, payload: { email: 'ivy@example.com' } })).statusCode).toBe(403);
  });
});

describe('TOTP second factor', () => {
  it('enrol shows the secret once as an otpauth URI; once confirmed, sign-in needs the current code; disabling needs the password', async () => {
    const cookie = cookieOf(await signIn('ivy@example.com', 'ivy password 9'));
    const enrolled = await t.app.inject({ method: 'POST', url: '/v1/session/totp', headers: { cookie, origin }, payload: {} });
    expect(enrolled.statusCode, enrolled.body).toBe(200);
    const { secret, uri } = enrolled.json();
    expect(uri).toBe(`otpauth://totp/roilens:ivy%40example.com?secret=${secret}&issuer=roilens`);
    const at = (ms: number) => generate({ secret, epoch: Math.floor(ms / 1000) });
    expect((await t.app.inject({ method: 'POST', url: '/v1/session/totp/confirm', headers: { cookie, origin }, payload: { totp: '000000' === (await at(now)) ? '111111' : '000000' } })).statusCode).toBe(400);
    expect((await t.app.inject({ method: 'POST', url: '/v1/session/totp/confirm', headers: { cookie, origin }, payload: { totp: await at(now) } })).statusCode).toBe(200);
    const without = await signIn('ivy@example.com', 'ivy password 9');
    expect([without.statusCode, without.json().issues[0].path]).toEqual([401, 'totp']);
    expect((await signIn('ivy@example.com', 'ivy password 9', await at(now - 5 * 60_000))).statusCode).toBe(401);
    expect((await signIn('ivy@example.com', 'ivy password 9', await at(now))).statusCode).toBe(200);
    // A code signs in once (RFC 6238 §5.2): the same code again is refused, a later one is good.
    const replay = await signIn('ivy@example.com', 'ivy password 9', await at(now));
    expect([replay.statusCode, replay.json().message]).toEqual([401, 'totp: wrong, expired or already used code']);
    now += 15 * 60_000;
    expect((await signIn('ivy@example.com', 'ivy password 9', await at(now))).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'POST', url: '/v1/session/totp/disable', headers: { cookie, origin }, payload: { password: 'wrong password' } })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'POST', url: '/v1/session/totp/disable', headers: { cookie, origin }, payload: { password: 'ivy password 9' } })).statusCode).toBe(200);
    expect((await signIn('ivy@example.com', 'ivy password 9')).statusCode).toBe(200);
  });
});
