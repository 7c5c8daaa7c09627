/**
 * Issue 12 #1 from the CLI: `roilens postback-sources create|list` on the database file and
 * through the running server; the secret it prints is the one postbacks must send.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { startServer } from '../../src/server/start.js';
import { roilens } from '../helpers/roilens-cli.js';
import { onScale } from '../helpers/security-server.js';
import { tempDir } from '../helpers/temp.js';

// Embedded only: the CLI creates sources in the DuckDB file (a scale installation has none); the
// sources' API, secrets and postbacks on PostgreSQL + ClickHouse are in forged-revenue.test.ts.
describe.skipIf(onScale)('roilens postback-sources', () => {
  const tmp = tempDir();
  const db = `${tmp.dir}/pb.duckdb`;
  afterAll(() => tmp.cleanup());

  it('creates a source on the file; the server accepts its secret and refuses others; list never shows secrets', async () => {
    await (await startServer({ dbPath: db, port: 0, demo: false, quiet: true, adminToken: 'adm', writeKey: 'wk' })).close();
    const created = await roilens('postback-sources', 'create', '--name', 'network', '--ip-allow', '127.0.0.1,::1', '--format', 'json', '--db', db);
    expect(created.code, created.stderr).toBe(0);
    const source = JSON.parse(created.stdout);
    expect(source).toMatchObject({ id: expect.stringMatching(/^pbs_/), name: 'network', ip_allow: ['127.0.0.1', '::1'] });
    const bad = await roilens('postback-sources', 'create', '--name', 'x', '--ip-allow', 'not-an-ip', '--db', db);
    expect(bad.code).not.toBe(0);
    // The error names the flag the user typed (the operation layer re-spells body.ip_allow.0 as --ip-allow.0).
    expect(bad.stderr).toMatch(/--ip-allow\.0: must be an IPv4 or IPv6 address/);

    const server = await startServer({ dbPath: db, port: 0, demo: false, quiet: true, adminToken: 'adm', writeKey: 'wk' });
    try {
      expect((await fetch(`${server.url}/v1/events`, { method: 'POST', headers: { authorization: 'Bearer wk', 'content-type': 'application/json' }, body: JSON.stringify({ events: [{ id: 'c1', type: 'click', ts: new Date().toISOString(), anonymous_id: 'a1', click_id: 'ck1' }] }) })).status).toBe(200);
      expect((await fetch(`${server.url}/v1/postback?source=${source.id}&secret=${source.secret}&click_id=ck1&order_id=CLI-1&amount=10`)).status).toBe(200);
      expect((await fetch(`${server.url}/v1/postback?source=${source.id}&secret=nope&click_id=ck1&order_id=CLI-2&amount=10`)).status).toBe(401);
      // Through the running server.
      const listed = await roilens('postback-sources', 'list', '--format', 'json', '--db', db);
      expect(listed.code, listed.stderr).toBe(0);
      expect(JSON.parse(listed.stdout).sources).toEqual([{ id: source.id, name: 'network', ip_allow: ['127.0.0.1', '::1'], created_at: expect.any(String) }]);
      expect(listed.stdout).not.toContain(source.secret);
    } finally {
      await server.close();
    }
  }, 120_000);
});
