/**
 * Issue 15: every operation × credential kind answers an exact status (design.md, precise terms), and
 * no call answers anything of another workspace. Credentials: none (401), the workspace's write key
 * (tracking operations pass, every other 403), a secret key with the operation's scope (passes), one
 * with an unrelated scope (403), the admin token (the owner's secret key of `default`: passes), a key
 * of another workspace naming this one in `X-Roilens-Workspace` (404), and the same key in its own
 * workspace, whose answers must not mention this workspace's data; and signed-in people (session
 * cookie): one of this workspace per role (owner and admin pass all but operator-only operations, and
 * an admin not owner-only ones; analyst and viewer pass exactly what their role's scopes grant; a
 * partner passes only the partner portal's operations), and a person of workspace B naming this one (404) or acting in B (nothing of
 * this workspace in the answer). "Passes" means the credential was
 * accepted: the handler's own answer follows (200, or 400/404 for the empty input each call sends),
 * never 401, 403 or a 5xx.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/store.js';
import { operations } from '../../src/operations/index.js';
import { grants, type AnyOperation } from '../../src/operations/core/define.js';
import { roleScopes } from '../../src/operations/admin/role-scopes.js';
import { roles, type Role } from '../../src/records/people.js';
import { enrichEvent } from '../../src/ingest/enrich.js';
import { defaultChannelRules } from '../../src/tracking/channel-rules.js';
import type { EventRecord } from '../../src/records/events.js';
import { appOf, type TestApp } from '../operations/app-of.js';

/** The matrix on the store `open` makes (DuckDB here; test/engines/access-matrix.test.ts runs it on PostgreSQL + ClickHouse). */
export function runAccessMatrix(engine: string, open?: () => Promise<Store>, timeoutMs = 120_000): void {
  describe(`access matrix: ${engine}`, () => {
    let t: TestApp;
    /** Secret keys of the default workspace by scope, one with an unrelated scope, and an admin key of workspace B. */
    const keys: Record<string, string> = {};
    let writeKey: string;
    let otherKey: string;
    let otherWriteKey: string;
    /** Session cookies of people of the default workspace by role, and of a person of workspace B only. */
    const people: Partial<Record<Role, string>> = {};
    let otherPerson: string;
    const origin = 'http://localhost:80';
    /** Strings only the default workspace's data holds: none may appear in an answer to workspace B's key. */
    const secrets = ['Alpha Secret Shop', 'alpha-secret-link', 'alpha_secret_visitor', 'alpha-secret-order'];

    async function call(op: AnyOperation, headers: Record<string, string>) {
      const url = op.http.path.replace(/:([A-Za-z_]\w*)/g, 'x');
      const withBody = !['GET', 'DELETE'].includes(op.http.method);
      const body = withBody ? (op.http.file ? { 'content-type': op.http.file.media[0] } : { 'content-type': 'application/json' }) : {};
      return t.app.inject({ method: op.http.method, url, headers: { ...headers, ...body }, ...(withBody ? { payload: op.http.file ? 'x' : '{}' } : {}) });
    }

    beforeAll(async () => {
      t = await appOf(undefined, open);
      const { store } = t.ctx;
      await store.updateWorkspace('default', { name: 'Alpha Secret Shop' });
      writeKey = (await store.getWorkspace('default'))!.write_key;
      await store.createLink('default', { slug: 'alpha-secret-link', destination: 'https://alpha.example/', utm: {}, disabled: false, created_at: '2026-01-01T00:00:00.000Z' });
      const event: EventRecord = { id: 'alpha-secret-order', type: 'conversion', ts: '2026-01-02T00:00:00.000Z', anonymous_id: 'alpha_secret_visitor', order_id: 'alpha-secret-order', revenue: { amount: '10', currency: 'EUR' } } as EventRecord;
      await store.insertEvents('default', [enrichEvent(event, defaultChannelRules)]);
      const created = await t.app.inject({ method: 'POST', url: '/v1/workspaces', headers: { authorization: 'Bearer op' }, payload: { name: 'Beta', currency: 'USD', timezone: 'Asia/Tehran' } });
      expect(created.statusCode).toBe(201);
      const beta = created.json();
      otherWriteKey = beta.write_key;
      const make = async (scopes: string[], workspace?: string) => {
        const res = await t.app.inject({ method: 'POST', url: '/v1/keys', headers: { authorization: workspace ? 'Bearer op' : 'Bearer adm', ...(workspace ? { 'x-roilens-workspace': workspace } : {}) }, payload: { kind: 'secret', scopes } });
        expect(res.statusCode, res.body).toBe(201);
        return res.json().key as string;
      };
      for (const scope of new Set(operations.map((op) => op.scope).filter((s) => s !== 'public'))) keys[scope] = await make([scope]);
      keys.unrelated = await make(['partners:read']);
      // The partner operations' unrelated scope (partners:read grants half of them).
      keys.unrelatedToPartners = await make(['kpis:read']);
      otherKey = await make(['admin'], beta.id);
      // The partner person is a partner of the default workspace (people.add checks it exists).
      const program = await t.app.inject({ method: 'POST', url: '/v1/programs', headers: bearer('adm'), payload: { name: 'Matrix programme', currency: 'EUR', window_days: 30, hold_days: 30, rules: [{ event: 'sale', type: 'percent', amount: '10' }] } });
      expect(program.statusCode, program.body).toBe(201);
      const partner = await t.app.inject({ method: 'POST', url: '/v1/partners', headers: bearer('adm'), payload: { name: 'Matrix partner', email: 'partner@matrix.example', kind: 'affiliate', program: program.json().id, links: ['alpha-secret-link'] } });
      expect(partner.statusCode, partner.body).toBe(201);
      const signedIn = async (email: string, role: Role, workspace: string) => {
        const added = await t.app.inject({ method: 'POST', url: '/v1/members', headers: { authorization: 'Bearer op', 'x-roilens-workspace': workspace }, payload: { email, role, password: 'matrix password', ...(role === 'partner' ? { partner_id: partner.json().id } : {}) } });
        expect(added.statusCode, added.body).toBe(201);
        const res = await t.app.inject({ method: 'POST', url: '/v1/session', payload: { email, password: 'matrix password' } });
        expect(res.statusCode, res.body).toBe(200);
        return String(res.headers['set-cookie']).split(';')[0];
      };
      for (const role of roles) people[role] = await signedIn(`${role}@matrix.example`, role, 'default');
      otherPerson = await signedIn('owner@beta.example', 'owner', beta.id);
    }, 120_000);
    afterAll(async () => t?.close());

    const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
    /** Public operations on the signed-in person's own account (password, second factor). */
    const ownAccount = new Set(['session.password', 'session.totp_enrol', 'session.totp_confirm', 'session.totp_disable']);
    const passed = (status: number) => status !== 401 && status !== 403 && status < 500;

    describe('every operation × credential kind (issue 15)', () => {
      for (const op of operations) {
        it(`${op.name} (${op.scope}${op.tracking ? ', tracking' : ''})`, async () => {
          const statuses: Record<string, number> = {};
          const none = await call(op, {});
          statuses.none = none.statusCode;
          if (op.scope === 'public' && ownAccount.has(op.name)) {
            // A person's own account: public to every signed-in person, whatever their role; nobody signed in is 401.
            expect([none.statusCode, none.json().error]).toEqual([401, 'unauthorized']);
            for (const cookie of [...Object.values(people), otherPerson]) {
              const res = await call(op, { cookie: cookie!, origin });
              expect(passed(res.statusCode), `${op.name} by a person: ${res.body}`).toBe(true);
            }
            return;
          }
          if (op.scope === 'public') {
            expect(passed(none.statusCode), `public ${op.name}: ${none.body}`).toBe(true);
            return;
          }
          expect(none.statusCode).toBe(401);
          expect(none.json().error).toBe('unauthorized');

          const byWriteKey = await call(op, bearer(writeKey));
          if (op.tracking) expect(passed(byWriteKey.statusCode), byWriteKey.body).toBe(true);
          else expect([byWriteKey.statusCode, byWriteKey.json().error]).toEqual([403, 'forbidden']);

          const withScope = await call(op, bearer(keys[op.scope]));
          const operatorOnly = op.operatorOnly === true;
          if (operatorOnly) expect(withScope.statusCode).toBe(403);
          else expect(passed(withScope.statusCode), `${op.name} with ${op.scope}: ${withScope.body}`).toBe(true);

          const without = await call(op, bearer(op.scope.startsWith('partners:') ? keys.unrelatedToPartners : keys.unrelated));
          expect([without.statusCode, without.json().error]).toEqual([403, 'forbidden']);

          const admin = await call(op, bearer('adm'));
          if (operatorOnly) expect(admin.statusCode).toBe(403);
          else expect(passed(admin.statusCode), `${op.name} by the admin token: ${admin.body}`).toBe(true);

          const elsewhere = await call(op, { ...bearer(otherKey), 'x-roilens-workspace': 'default' });
          expect([elsewhere.statusCode, elsewhere.json().error]).toEqual([404, 'not_found']);

          const own = await call(op, bearer(otherKey));
          if (!operatorOnly) expect(passed(own.statusCode), `${op.name} by workspace B's key: ${own.body}`).toBe(true);
          for (const s of secrets) expect(own.body, `${op.name} answered workspace B's key with default's data`).not.toContain(s);

          for (const role of roles) {
            const res = await call(op, { cookie: people[role]!, origin });
            // A partner person reaches the portal's operations (on its own partner) and nothing else.
            const allowed = !operatorOnly && (grants(roleScopes(role), op.scope) || (op.portal === true && role === 'partner')) && !(op.ownerOnly && role !== 'owner');
            if (allowed) expect(passed(res.statusCode), `${op.name} by a ${role}: ${res.body}`).toBe(true);
            else expect([res.statusCode, res.json().error], `${op.name} by a ${role}`).toEqual([403, 'forbidden']);
          }
          const personElsewhere = await call(op, { cookie: otherPerson, origin, 'x-roilens-workspace': 'default' });
          expect([personElsewhere.statusCode, personElsewhere.json().error]).toEqual([404, 'not_found']);
          const personOwn = await call(op, { cookie: otherPerson, origin });
          if (!operatorOnly) expect(passed(personOwn.statusCode), `${op.name} by workspace B's owner: ${personOwn.body}`).toBe(true);
          for (const s of secrets) expect(personOwn.body, `${op.name} answered workspace B's owner with default's data`).not.toContain(s);
        }, timeoutMs);
      }
    });

    describe('audit log and share links: exact statuses (issue 15)', () => {
      /** Credential → status for each call with an empty input; `share` is a share link to kpis of the default workspace. */
      type Credential = 'none' | 'writeKey' | 'admin' | 'unrelated' | 'adminToken' | 'elsewhere' | 'share';
      const table: Record<string, { method: 'GET' | 'POST' | 'DELETE'; url: string; expect: Record<Credential, number> }> = {
        'audit.list': { method: 'GET', url: '/v1/audit', expect: { none: 401, writeKey: 403, admin: 200, unrelated: 403, adminToken: 200, elsewhere: 404, share: 403 } },
        'audit.export': { method: 'GET', url: '/v1/audit/export', expect: { none: 401, writeKey: 403, admin: 200, unrelated: 403, adminToken: 200, elsewhere: 404, share: 403 } },
        'audit.verify': { method: 'GET', url: '/v1/audit/verify', expect: { none: 401, writeKey: 403, admin: 200, unrelated: 403, adminToken: 200, elsewhere: 404, share: 403 } },
        'share_links.create': { method: 'POST', url: '/v1/share-links', expect: { none: 401, writeKey: 403, admin: 400, unrelated: 403, adminToken: 400, elsewhere: 404, share: 403 } },
        'share_links.list': { method: 'GET', url: '/v1/share-links', expect: { none: 401, writeKey: 403, admin: 200, unrelated: 403, adminToken: 200, elsewhere: 404, share: 403 } },
        'share_links.revoke': { method: 'DELETE', url: '/v1/share-links/x', expect: { none: 401, writeKey: 403, admin: 404, unrelated: 403, adminToken: 404, elsewhere: 404, share: 403 } },
        'share.show': { method: 'GET', url: '/v1/share', expect: { none: 401, writeKey: 403, admin: 404, unrelated: 403, adminToken: 404, elsewhere: 404, share: 200 } },
        'kpis.report': { method: 'GET', url: '/v1/kpis', expect: { none: 401, writeKey: 403, admin: 200, unrelated: 403, adminToken: 200, elsewhere: 404, share: 200 } },
        'attribution.report': { method: 'GET', url: '/v1/attribution', expect: { none: 401, writeKey: 403, admin: 400, unrelated: 403, adminToken: 400, elsewhere: 404, share: 403 } },
      };
      it('every credential kind answers the exact status', async () => {
        const share = (await t.app.inject({ method: 'POST', url: '/v1/share-links', headers: bearer('adm'), payload: { view: 'kpis' } })).json().token as string;
        const headersOf: Record<Credential, Record<string, string>> = {
          none: {}, writeKey: bearer(writeKey), admin: bearer(keys.admin), unrelated: bearer(keys.unrelated), adminToken: bearer('adm'),
          elsewhere: { ...bearer(otherKey), 'x-roilens-workspace': 'default' }, share: bearer(share),
        };
        const got: Record<string, Record<string, number>> = {};
        for (const [name, row] of Object.entries(table)) {
          got[name] = {};
          for (const credential of Object.keys(row.expect) as Credential[]) {
            const withBody = row.method === 'POST';
            const res = await t.app.inject({ method: row.method, url: row.url, headers: { ...headersOf[credential], ...(withBody ? { 'content-type': 'application/json' } : {}) }, ...(withBody ? { payload: '{}' } : {}) });
            got[name][credential] = res.statusCode;
          }
        }
        expect(got).toEqual(Object.fromEntries(Object.entries(table).map(([name, row]) => [name, row.expect])));
      }, timeoutMs);
    });

    describe('keys and workspaces (issue 15)', () => {
      it('the operator lists every workspace; a key only its own', async () => {
        const all = (await t.app.inject({ url: '/v1/workspaces', headers: bearer('op') })).json().workspaces.map((w: { name: string }) => w.name);
        expect(all).toEqual(expect.arrayContaining(['Alpha Secret Shop', 'Beta']));
        expect((await t.app.inject({ url: '/v1/workspaces', headers: bearer(otherKey) })).json().workspaces.map((w: { name: string }) => w.name)).toEqual(['Beta']);
      });

      it('rename and the agency view answer exact statuses; the agency view lists only what the caller can see (issue 15)', async () => {
        const beta = (await t.app.inject({ url: '/v1/workspaces', headers: bearer(otherKey) })).json().workspaces[0].id as string;
        const rename = (id: string, headers: Record<string, string>, name = 'Beta') => t.app.inject({ method: 'PATCH', url: `/v1/workspaces/${id}`, headers, payload: { name } });
        const statuses = {
          none: (await rename(beta, {})).statusCode,
          writeKey: (await rename(beta, bearer(otherWriteKey))).statusCode,
          withoutAdmin: (await rename('default', bearer(keys['settings:write']))).statusCode,
          adminOfThis: (await rename('default', bearer(keys.admin), 'Alpha Secret Shop')).statusCode,
          adminOfOther: (await rename('default', bearer(otherKey), 'Taken over')).statusCode,
          ownButTaken: (await rename(beta, bearer(otherKey), 'alpha secret shop')).statusCode,
          own: (await rename(beta, bearer(otherKey))).statusCode,
          operator: (await rename(beta, bearer('op'))).statusCode,
        };
        expect(statuses).toEqual({ none: 401, writeKey: 403, withoutAdmin: 403, adminOfThis: 200, adminOfOther: 404, ownButTaken: 409, own: 200, operator: 200 });
        expect((await t.ctx.store.getWorkspace('default'))?.name).toBe('Alpha Secret Shop');

        const agency = (headers: Record<string, string>) => t.app.inject({ url: '/v1/agency?from=2026-01-01&to=2026-01-31', headers });
        const names = async (headers: Record<string, string>) => (await agency(headers)).json().workspaces.map((w: { name: string }) => w.name).sort();
        expect([(await agency({})).statusCode, (await agency(bearer(writeKey))).statusCode, (await agency(bearer(keys.unrelated))).statusCode]).toEqual([401, 403, 403]);
        expect((await agency({ ...bearer(otherKey), 'x-roilens-workspace': 'default' })).statusCode).toBe(404);
        expect(await names(bearer(otherKey))).toEqual(['Beta']);
        expect(await names(bearer(keys['kpis:read']))).toEqual(['Alpha Secret Shop']);
        expect(await names(bearer('adm'))).toEqual(['Alpha Secret Shop']);
        expect(await names(bearer('op'))).toEqual(['Alpha Secret Shop', 'Beta']);
        for (const s of secrets) expect((await agency(bearer(otherKey))).body).not.toContain(s);
      });

      it('keys are listed by prefix with their last use, never the key; a revoked key is 401', async () => {
        const made = (await t.app.inject({ method: 'POST', url: '/v1/keys', headers: bearer('adm'), payload: { kind: 'secret', scopes: ['kpis:read'] } })).json();
        expect(made.key).toMatch(/^rl_sk_/);
        expect((await t.app.inject({ url: '/v1/kpis', headers: bearer(made.key) })).statusCode).toBe(200);
        const listed = (await t.app.inject({ url: '/v1/keys', headers: bearer('adm') })).json().keys.find((k: { id: string }) => k.id === made.id);
        expect(listed).toMatchObject({ kind: 'secret', prefix: made.key.slice(0, 12), scopes: ['kpis:read'], revoked_at: null });
        expect(JSON.stringify(listed)).not.toContain(made.key);
        await expect.poll(async () => (await t.ctx.store.listApiKeys('default')).find((k) => k.id === made.id)?.last_used_at).not.toBeNull();
        expect((await t.app.inject({ method: 'DELETE', url: `/v1/keys/${made.id}`, headers: bearer(otherKey) })).statusCode).toBe(404);
        expect((await t.app.inject({ method: 'DELETE', url: `/v1/keys/${made.id}`, headers: bearer('adm') })).statusCode).toBe(200);
        expect((await t.app.inject({ url: '/v1/kpis', headers: bearer(made.key) })).statusCode).toBe(401);
      });

      it('two write keys are valid at once; allowed origins refuse other sites; an archived workspace\'s write keys refuse events, its data stays readable', async () => {
        const events = (key: string, origin?: string) => t.app.inject({ method: 'POST', url: '/v1/events', headers: { ...bearer(key), ...(origin ? { origin } : {}) }, payload: { events: [{ id: `e_${Math.random()}`, type: 'page_view', ts: new Date().toISOString(), anonymous_id: 'b1' }] } });
        const second = (await t.app.inject({ method: 'POST', url: '/v1/keys', headers: bearer(otherKey), payload: { kind: 'write', allowed_origins: ['https://beta.example'] } })).json();
        expect(second.key).toMatch(/^rl_pub_/);
        expect((await events(otherWriteKey)).statusCode).toBe(200);
        expect((await events(second.key, 'https://beta.example')).statusCode).toBe(200);
        expect((await events(second.key, 'https://evil.example')).statusCode).toBe(403);
        const beta = (await t.app.inject({ url: '/v1/workspaces', headers: bearer(otherKey) })).json().workspaces[0].id;
        expect((await t.app.inject({ method: 'POST', url: `/v1/workspaces/${beta}/archive`, headers: bearer(keys.admin), payload: {} })).statusCode).toBe(404);
        expect((await t.app.inject({ method: 'POST', url: `/v1/workspaces/${beta}/archive`, headers: bearer(otherKey), payload: {} })).statusCode).toBe(200);
        const refused = await events(otherWriteKey);
        expect([refused.statusCode, refused.json().message]).toEqual([403, expect.stringMatching(/archived/)]);
        expect((await t.app.inject({ url: '/v1/workspace', headers: bearer(otherKey) })).statusCode).toBe(200);
        await t.app.inject({ method: 'POST', url: `/v1/workspaces/${beta}/archive`, headers: bearer(otherKey), payload: { restore: true } });
        expect((await events(otherWriteKey)).statusCode).toBe(200);
      });
    });
  });
}
