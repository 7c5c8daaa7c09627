/**
 * The audit log (issue 15): a change over HTTP and one by the CLI each write exactly one entry with
 * the right actor, before and after; a refused change writes none; no secret (a key, a write key, a
 * postback secret, a sign-in code) ever enters the log; `audit verify` finds a row altered, or deleted,
 * directly in SQL; another workspace's entries are never visible.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roilens } from '../helpers/roilens-cli.js';
import { tempDir } from '../helpers/temp.js';
import { appOf, type TestApp } from '../operations/app-of.js';

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

describe('audit log over HTTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await appOf();
  });
  afterAll(async () => t?.close());
  const entries = async (query = '', key = 'adm') => {
    const res = await t.app.inject({ url: `/v1/audit${query}`, headers: bearer(key) });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().entries as Record<string, unknown>[];
  };

  it('a settings change writes one entry: the admin token as actor, the address and user agent, the changed settings before and after', async () => {
    const before = (await entries()).length;
    const res = await t.app.inject({ method: 'PATCH', url: '/v1/workspace', headers: { ...bearer('adm'), 'user-agent': 'audit-test/1' }, payload: { timezone: 'Asia/Tehran', margin: '0.4' } });
    expect(res.statusCode, res.body).toBe(200);
    const all = await entries();
    expect(all.length).toBe(before + 1);
    expect(all[0]).toMatchObject({
      operation: 'workspace.set', actor_kind: 'key', actor_id: 'admin-token', surface: 'http', ip: '127.0.0.1', user_agent: 'audit-test/1',
      target_kind: 'workspace', target_id: 'default', before: { timezone: 'UTC', margin: '1' }, after: { timezone: 'Asia/Tehran', margin: '0.4' },
    });
  });

  it('a refused change (4xx) writes nothing; reads write nothing', async () => {
    const count = (await entries()).length;
    expect((await t.app.inject({ method: 'PATCH', url: '/v1/workspace', headers: bearer('adm'), payload: { timezone: 'Mars/Olympus' } })).statusCode).toBe(400);
    expect((await t.app.inject({ method: 'PATCH', url: '/v1/links/nope', headers: bearer('adm'), payload: { disabled: true } })).statusCode).toBe(404);
    expect((await t.app.inject({ url: '/v1/kpis', headers: bearer('adm') })).statusCode).toBe(200);
    expect((await entries()).length).toBe(count);
  });

  it('a link changed by a secret key names the key and the link before and after', async () => {
    const key = (await t.app.inject({ method: 'POST', url: '/v1/keys', headers: bearer('adm'), payload: { kind: 'secret', scopes: ['settings:write'] } })).json();
    expect((await t.app.inject({ method: 'POST', url: '/v1/links', headers: bearer(key.key), payload: { slug: 'spring', destination: 'https://shop.example/a' } })).statusCode).toBe(201);
    expect((await t.app.inject({ method: 'PATCH', url: '/v1/links/spring', headers: bearer(key.key), payload: { destination: 'https://shop.example/b' } })).statusCode).toBe(200);
    const [update, create] = await entries();
    expect(create).toMatchObject({ operation: 'links.create', actor_kind: 'key', actor_id: key.id, target_kind: 'links', target_id: 'spring', before: null, after: { destination: 'https://shop.example/a' } });
    expect(update).toMatchObject({ operation: 'links.update', actor_id: key.id, before: { destination: 'https://shop.example/a' }, after: { destination: 'https://shop.example/b' } });
    expect((await entries(`?actor=${key.id}`)).map((e) => e.operation)).toEqual(['links.update', 'links.create']);
    expect((await entries('?operation=links.create')).length).toBe(1);
    expect(await entries('?from=2000-01-01&to=2000-01-02')).toEqual([]);
  });

  it('no secret enters the log: keys, write keys, postback secrets and sign-in codes are redacted', async () => {
    const made = (await t.app.inject({ method: 'POST', url: '/v1/keys', headers: bearer('adm'), payload: { kind: 'secret', scopes: ['kpis:read'] } })).json();
    const ws = (await t.app.inject({ method: 'POST', url: '/v1/workspaces', headers: bearer('op'), payload: { name: 'Other' } })).json();
    const source = (await t.app.inject({ method: 'POST', url: '/v1/postback-sources', headers: bearer('adm'), payload: { name: 'net' } })).json();
    const code = (await t.app.inject({ method: 'POST', url: '/v1/session/codes', headers: bearer('adm'), payload: {} })).json();
    expect([made.key, ws.write_key, source.secret, code.code].every((s) => typeof s === 'string' && s.length > 8)).toBe(true);
    const text = JSON.stringify(await entries('?limit=1000'));
    const other = (await t.app.inject({ url: '/v1/audit', headers: { ...bearer('op'), 'x-roilens-workspace': ws.id } })).body;
    for (const secret of [made.key, ws.write_key, source.secret, code.code]) {
      expect(text).not.toContain(secret);
      expect(other).not.toContain(secret);
    }
    expect(text).toContain('keys.create');
    expect(text).toContain('session.mint_code');
    // The new workspace's log begins with its creation, by the operator.
    expect(JSON.parse(other).entries).toEqual([expect.objectContaining({ operation: 'workspaces.create', actor_kind: 'operator', target_id: ws.id })]);
  });

  it("another workspace's entries are never visible: its own key sees its own log, a header naming this one is 404", async () => {
    const ws = (await t.app.inject({ method: 'POST', url: '/v1/workspaces', headers: bearer('op'), payload: { name: 'Beta' } })).json();
    const betaKey = (await t.app.inject({ method: 'POST', url: '/v1/keys', headers: { ...bearer('op'), 'x-roilens-workspace': ws.id }, payload: { kind: 'secret', scopes: ['admin'] } })).json().key;
    const own = await entries('?limit=1000', betaKey);
    expect(own.map((e) => e.operation)).toEqual(['keys.create', 'workspaces.create']);
    expect(JSON.stringify(own)).not.toContain('spring');
    const elsewhere = await t.app.inject({ url: '/v1/audit', headers: { ...bearer(betaKey), 'x-roilens-workspace': 'default' } });
    expect(elsewhere.statusCode).toBe(404);
    expect((await t.app.inject({ url: '/v1/audit/verify', headers: bearer(betaKey) })).json()).toMatchObject({ ok: true, entries: 2 });
  });

  it('pages newest first with a cursor; export pages are recorded as exports', async () => {
    const first = (await t.app.inject({ url: '/v1/audit?limit=2', headers: bearer('adm') })).json();
    const second = (await t.app.inject({ url: `/v1/audit?limit=2&cursor=${first.next_cursor}`, headers: bearer('adm') })).json();
    const seqs = [...first.entries, ...second.entries].map((e: { seq: number }) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    expect(new Set(seqs).size).toBe(4);
    expect((await t.app.inject({ url: '/v1/audit/export?limit=5', headers: bearer('adm') })).statusCode).toBe(200);
    expect((await entries())[0]).toMatchObject({ operation: 'audit.export', target_kind: 'audit', after: { params: { limit: 5 } } });
  });
});

describe('audit log by the CLI, and its hash chain', { timeout: 240_000 }, () => {
  const tmp = tempDir();
  const db = `${tmp.dir}/audit.duckdb`;
  afterAll(() => tmp.cleanup());
  const json = async (...args: string[]) => {
    const res = await roilens(...args, '--format', 'json', '--db', db, '--create');
    expect(res.code, res.stderr).toBe(0);
    return JSON.parse(res.stdout);
  };
  const sql = async (statement: string) => {
    const instance = await DuckDBInstance.create(db);
    const conn = await instance.connect();
    await conn.run(statement);
    conn.closeSync();
    instance.closeSync();
  };

  it('a CLI change writes one entry by the operator; verify passes, then catches a row altered or deleted in SQL', async () => {
    await json('workspace', 'set', '--currency', 'USD');
    await json('channels', 'set', '--file', await rulesFile());
    const listed = await json('audit', 'list');
    expect(listed.entries.map((e: { operation: string }) => e.operation)).toEqual(['channels.set', 'workspace.set']);
    expect(listed.entries[1]).toMatchObject({ actor_kind: 'operator', actor_id: 'operator', surface: 'cli', ip: null, before: { currency: 'EUR' }, after: { currency: 'USD' } });
    expect(listed.entries[0]).toMatchObject({ before: null, after: { rules: [{ channel: 'house', source: '^house$' }] } });
    expect(await json('audit', 'verify')).toMatchObject({ ok: true, entries: 2, broken: null });

    const csv = await roilens('audit', 'export', '--format', 'csv', '--db', db);
    expect(csv.code, csv.stderr).toBe(0);
    const lines = csv.stdout.trim().split('\n');
    expect(lines[0]).toBe('seq,id,at,actor_kind,actor_id,surface,ip,user_agent,operation,target_kind,target_id,before,after,prev_hash,hash');
    expect(lines.length).toBe(3);

    // The export itself was recorded (entry 3); now alter entry 1's after in SQL, as an intruder would.
    await sql(`UPDATE audit_log SET after_state = '{"currency":"GBP"}' WHERE seq = 1`);
    const altered = await roilens('audit', 'verify', '--format', 'json', '--db', db);
    expect(altered.code).toBe(1);
    expect(JSON.parse(altered.stdout)).toMatchObject({ ok: false, entries: 0, broken: { seq: 1, reason: 'hash' } });
    await sql(`UPDATE audit_log SET after_state = '{"currency":"USD"}' WHERE seq = 1`);
    expect(await json('audit', 'verify')).toMatchObject({ ok: true, entries: 3 });
    await sql('DELETE FROM audit_log WHERE seq = 2');
    expect(JSON.parse((await roilens('audit', 'verify', '--format', 'json', '--db', db)).stdout)).toMatchObject({ ok: false, entries: 1, broken: { seq: 3, reason: 'seq' } });
  });

  async function rulesFile(): Promise<string> {
    const { writeFileSync } = await import('node:fs');
    const path = `${tmp.dir}/rules.json`;
    writeFileSync(path, JSON.stringify([{ channel: 'house', source: '^house$' }]));
    return path;
  }
});
