/**
 * `roilens workspaces create|list|archive` and `roilens keys create|list|revoke` (issue 15, design.md
 * second-wave contracts): in process on the database, and through a running server with its operator
 * key, each command in the workspace `--workspace` names; the keys work over HTTP in that workspace only.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { startServer } from '../../src/server/start.js';
import { roilens } from '../helpers/roilens-cli.js';
import { tempDir } from '../helpers/temp.js';

describe('roilens workspaces and keys', { timeout: 300_000 }, () => {
  const tmp = tempDir();
  const db = `${tmp.dir}/ws.duckdb`;
  afterAll(() => tmp.cleanup());
  const json = async (...args: string[]) => {
    const res = await roilens(...args, '--format', 'json', '--db', db);
    expect(res.code, res.stderr).toBe(0);
    return JSON.parse(res.stdout);
  };

  it('creates a workspace and keys in process, then acts through the running server with --workspace', async () => {
    const first = await startServer({ dbPath: db, port: 0, demo: false, quiet: true, adminToken: 'adm' });
    await first.close();
    const ws = await json('workspaces', 'create', '--name', 'Client B', '--currency', 'usd', '--timezone', 'asia/tehran');
    expect(Object.keys(ws)).toEqual(['id', 'name', 'currency', 'timezone', 'write_key']);
    expect(ws).toMatchObject({ name: 'Client B', currency: 'USD', timezone: 'Asia/Tehran', write_key: expect.stringMatching(/^rl_pub_/) });
    const key = await json('keys', 'create', '--workspace', ws.id, '--kind', 'secret', '--scopes', 'kpis:read,settings:read');
    expect(key).toMatchObject({ id: expect.any(String), key: expect.stringMatching(/^rl_sk_/), scopes: ['kpis:read', 'settings:read'] });
    const unknown = await roilens('keys', 'list', '--workspace', 'nope', '--db', db);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain('--workspace');

    const server = await startServer({ dbPath: db, port: 0, demo: false, quiet: true, adminToken: 'adm' });
    try {
      // Through the server (it holds the file): the operator key, in the workspace --workspace names.
      expect((await json('workspace', 'show', '--workspace', ws.id)).currency).toBe('USD');
      expect((await json('workspaces', 'list')).workspaces.map((w: { id: string }) => w.id)).toEqual(['default', ws.id]);
      const listed = await json('keys', 'list', '--workspace', ws.id);
      expect(listed.keys.map((k: { id: string }) => k.id)).toEqual([key.id]);
      const get = (path: string, token: string) => fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
      expect((await (await get('/v1/workspace', key.key)).json()).id).toBe(ws.id);
      expect((await get('/v1/links', key.key)).status).toBe(200);
      expect((await get('/v1/events?anonymous_id=x', key.key)).status).toBe(403);
      expect((await (await get('/v1/workspace', 'adm')).json()).id).toBe('default');
      expect((await json('keys', 'revoke', key.id, '--workspace', ws.id)).revoked).toBe(true);
      expect((await get('/v1/workspace', key.key)).status).toBe(401);
      expect((await json('workspaces', 'archive', ws.id)).archived_at).toEqual(expect.any(String));
      const refused = await fetch(`${server.url}/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${ws.write_key}`, 'content-type': 'application/json' }, body: JSON.stringify({ events: [{ id: 'e1', type: 'page_view', ts: new Date().toISOString(), anonymous_id: 'a' }] }) });
      expect(refused.status).toBe(403);
    } finally {
      await server.close();
    }
  });
});
