/**
 * Share links (issue 15): a link shows exactly its view with the filters stored in it, whatever the
 * caller sends; every other operation is 403; an expired or revoked link is 401 saying so; another
 * workspace is 404; the token is shown once and stored hashed; each view is recorded in the audit log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrichEvent } from '../../src/ingest/enrich.js';
import { defaultChannelRules } from '../../src/tracking/channel-rules.js';
import type { EventRecord } from '../../src/records/events.js';
import { operations } from '../../src/operations/index.js';
import { appOf, type TestApp } from '../operations/app-of.js';

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

describe('share links', () => {
  let t: TestApp;
  let link: { id: string; token: string; url: string; expires_at: string };
  beforeAll(async () => {
    t = await appOf();
    const ev = (e: Partial<EventRecord>) => enrichEvent({ type: 'conversion', ...e } as EventRecord, defaultChannelRules);
    await t.ctx.store.insertEvents('default', [
      ev({ id: 's1', ts: '2026-03-02T10:00:00.000Z', anonymous_id: 'a1', order_id: 'o1', revenue: { amount: '30', currency: 'EUR' }, utm: { source: 'newsletter', medium: 'email' } }),
      ev({ id: 's2', ts: '2026-03-02T11:00:00.000Z', anonymous_id: 'a2', order_id: 'o2', revenue: { amount: '12', currency: 'EUR' } }),
    ]);
    const res = await t.app.inject({ method: 'POST', url: '/v1/share-links', headers: bearer('adm'), payload: { view: 'kpis', params: { from: '2026-03-02', to: '2026-03-02', by: 'channel' }, expires_in_days: 7 } });
    expect(res.statusCode, res.body).toBe(201);
    link = res.json();
  });
  afterAll(async () => t?.close());

  it('answers the token once (stored hashed) and a URL carrying it in the fragment; lists it by prefix', async () => {
    expect(link.token).toMatch(/^rl_shr_[A-Za-z0-9_-]{43}$/);
    expect(link.url).toBe(`http://localhost:80/#share=${link.token}`);
    expect(Date.parse(link.expires_at) - Date.now()).toBeGreaterThan(6.9 * 86_400_000);
    const listed = (await t.app.inject({ url: '/v1/share-links', headers: bearer('adm') })).json().links;
    expect(listed).toEqual([expect.objectContaining({ id: link.id, view: 'kpis', params: { from: '2026-03-02', to: '2026-03-02', by: 'channel' }, prefix: link.token.slice(0, 13), status: 'active' })]);
    expect(JSON.stringify(listed)).not.toContain(link.token);
    expect(JSON.stringify(await t.ctx.store.findShareLink(link.token))).toBe(undefined);
  });

  it('shows its view with the stored filters, whatever the caller sends', async () => {
    const shown = (await t.app.inject({ url: '/v1/share', headers: bearer(link.token) })).json();
    expect(shown).toMatchObject({ view: 'kpis', operation: 'kpis.report', path: '/v1/kpis', params: { by: 'channel' }, workspace: { name: expect.any(String), currency: 'EUR' } });
    const own = await t.app.inject({ url: '/v1/kpis', headers: bearer(link.token) });
    expect(own.statusCode, own.body).toBe(200);
    const tried = await t.app.inject({ url: '/v1/kpis?from=2020-01-01&to=2026-12-31&by=campaign', headers: bearer(link.token) });
    expect(tried.json()).toEqual(own.json());
    // Exactly the admin's answer to the stored filters, not to the ones the caller sent.
    const admin = await t.app.inject({ url: '/v1/kpis?from=2026-03-02&to=2026-03-02&by=channel', headers: bearer('adm') });
    expect(own.json()).toEqual(admin.json());
    expect(own.json()).toMatchObject({ by: 'channel', from: '2026-03-02', to: '2026-03-02', currency: 'EUR' });
  });

  it('every other operation is 403; a bad, revoked or expired token is 401 saying so; another workspace is 404', async () => {
    for (const op of operations) {
      if (op.scope === 'public' || op.name === 'kpis.report' || op.name === 'share.show') continue;
      const url = op.http.path.replace(/:([A-Za-z_]\w*)/g, 'x');
      const withBody = !['GET', 'DELETE'].includes(op.http.method);
      const res = await t.app.inject({ method: op.http.method, url, headers: { ...bearer(link.token), ...(withBody ? { 'content-type': 'application/json' } : {}) }, ...(withBody ? { payload: '{}' } : {}) });
      expect([op.name, res.statusCode]).toEqual([op.name, 403]);
    }
    expect((await t.app.inject({ url: '/v1/kpis', headers: { ...bearer(link.token), 'x-roilens-workspace': 'elsewhere' } })).statusCode).toBe(404);
    expect((await t.app.inject({ url: '/v1/kpis', headers: bearer(`${link.token}x`) })).statusCode).toBe(401);

    const short = (await t.app.inject({ method: 'POST', url: '/v1/share-links', headers: bearer('adm'), payload: { view: 'attribution', params: { model: 'linear' } } })).json();
    await t.ctx.store.createShareLink({ ...(await t.ctx.store.findShareLink(await hashOf(short.token)))!, id: 'shr_old', expires_at: '2026-01-01T00:00:00.000Z' }, await hashOf(`${short.token}old`));
    const expired = await t.app.inject({ url: '/v1/attribution', headers: bearer(`${short.token}old`) });
    expect([expired.statusCode, expired.json().message]).toEqual([401, 'this share link expired at 2026-01-01T00:00:00.000Z']);
    expect((await t.app.inject({ method: 'DELETE', url: `/v1/share-links/${short.id}`, headers: bearer('adm') })).statusCode).toBe(200);
    const revoked = await t.app.inject({ url: '/v1/attribution', headers: bearer(short.token) });
    expect([revoked.statusCode, revoked.json().message]).toEqual([401, 'this share link was revoked']);
    expect((await t.app.inject({ url: '/v1/share-links', headers: bearer('adm') })).json().links.find((l: { id: string }) => l.id === short.id).status).toBe('revoked');
  });

  it('refuses a bad view, a filter its view refuses, paging as a filter and more than 90 days, naming the field', async () => {
    const create = (payload: unknown) => t.app.inject({ method: 'POST', url: '/v1/share-links', headers: bearer('adm'), payload: payload as object });
    const cases: [unknown, string][] = [
      [{ view: 'keys' }, 'body.view'],
      [{ view: 'kpis', params: { by: 'planet' } }, 'body.params.by'],
      [{ view: 'kpis', params: { limit: 5 } }, 'body.params.limit'],
      [{ view: 'kpis', expires_in_days: 91 }, 'body.expires_in_days'],
    ];
    for (const [payload, path] of cases) {
      const res = await create(payload);
      expect([res.statusCode, res.json().issues?.[0]?.path]).toEqual([400, path]);
    }
    // Another workspace's admin cannot revoke this workspace's link.
    const beta = (await t.app.inject({ method: 'POST', url: '/v1/workspaces', headers: bearer('op'), payload: { name: 'B' } })).json();
    const betaKey = (await t.app.inject({ method: 'POST', url: '/v1/keys', headers: { ...bearer('op'), 'x-roilens-workspace': beta.id }, payload: { kind: 'secret' } })).json().key;
    expect((await t.app.inject({ method: 'DELETE', url: `/v1/share-links/${link.id}`, headers: bearer(betaKey) })).statusCode).toBe(404);
    expect((await t.app.inject({ url: '/v1/share-links', headers: bearer(betaKey) })).json().links).toEqual([]);
  });

  it('each view is recorded in the audit log as the share link, without the token', async () => {
    const entries = (await t.app.inject({ url: '/v1/audit?actor_kind=share&limit=100', headers: bearer('adm') })).json().entries;
    expect(entries.length).toBe(2);
    expect(entries[0]).toMatchObject({ actor_kind: 'share', actor_id: link.id, operation: 'kpis.report', target_kind: 'share_link', target_id: link.id, after: { params: { from: '2026-03-02', to: '2026-03-02', by: 'channel' } } });
    const all = (await t.app.inject({ url: '/v1/audit?limit=1000', headers: bearer('adm') })).body;
    expect(all).not.toContain(link.token);
    expect(all).toContain('share_links.create');
  });
});

async function hashOf(token: string): Promise<string> {
  const { shareTokenHash } = await import('../../src/operations/sharing/share-links.js');
  return shareTokenHash(token);
}
