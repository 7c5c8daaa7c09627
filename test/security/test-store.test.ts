/**
 * The security suite's own footing (test/helpers/security-server.ts): it runs on the store
 * ROILENS_TEST_STORE names, and `settle()` leaves every accepted event in the store itself — read
 * here past the server (on scale straight from ClickHouse, which the server's own drain before
 * reads cannot help), so the other files' `settle()` calls mean what they say.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onScale, startSecurityServer, testStore, type SecurityServer } from '../helpers/security-server.js';

describe(`the security suite's server on the ${testStore} store`, () => {
  let server: SecurityServer;
  beforeAll(async () => {
    server = await startSecurityServer({ port: 0, demo: false, quiet: true, adminToken: 'adm', writeKey: 'wk' });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('runs on the selected store', () => {
    expect(server.store).toBe(testStore);
    expect(server.scale !== undefined).toBe(onScale);
    if (server.scale) expect(server.scale.clickhouse.database).toBe(server.scale.postgres.schema);
  });

  it('settle(): every accepted event is in the store', async () => {
    const ts = new Date(Date.now() - 60_000).toISOString();
    const ids = Array.from({ length: 3 }, (_, i) => `settle-${i}-${Date.now()}`);
    for (const id of ids) {
      const res = await fetch(`${server.url}/v1/events`, {
        method: 'POST', headers: { authorization: 'Bearer wk', 'content-type': 'application/json' },
        body: JSON.stringify({ events: [{ id, type: 'page_view', ts, anonymous_id: 'settle-visitor', url: 'https://shop.example/' }] }),
      });
      expect(await res.json()).toMatchObject({ accepted: 1 });
    }
    await server.settle();
    // The DuckDB file is read with its server stopped (its spool is stored by then anyway).
    if (!onScale) await server.stop();
    const stored = await server.storedText();
    for (const id of ids) expect(stored).toContain(id);
    if (!onScale) await server.start();
  });
});
