import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { DuckDbStore } from './duckdb-store.js';
import { migrations } from './migrations.js';

/** A database written before links had unique slugs keeps its links through migration 4. */
describe('DuckDB migration 4: links', () => {
  const dir = mkdtempSync(join(tmpdir(), 'roilens-links-migration-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('copies the old links, adds disabled/deleted and the workspace fallback_url, and reserves their slugs', async () => {
    const path = join(dir, 'old.duckdb');
    const instance = await DuckDBInstance.create(path);
    const conn = await instance.connect();
    await conn.run(`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP DEFAULT now())`);
    for (const m of migrations.filter((m) => m.version <= 3)) {
      await conn.run(m.sql);
      await conn.run(`INSERT INTO schema_migrations (version, name) VALUES (${m.version}, 'before')`);
    }
    await conn.run(`INSERT INTO workspaces (id, name, currency, timezone, margin, write_key) VALUES ('default', 'Shop', 'EUR', 'UTC', '1', 'wk_old')`);
    await conn.run(`INSERT INTO links (workspace_id, slug, destination, channel, utm, created_at)
      VALUES ('default', 'spring', 'https://shop.example/sale', NULL, '{"source":"blog"}', '2026-03-01 10:00:00')`);
    conn.closeSync();
    instance.closeSync();

    const store = await DuckDbStore.open(path);
    try {
      expect(await store.getLink('default', 'spring')).toEqual({
        slug: 'spring', destination: 'https://shop.example/sale', utm: { source: 'blog' }, disabled: false, created_at: '2026-03-01T10:00:00.000Z',
      });
      expect((await store.getWorkspace('default'))?.fallback_url).toBeNull();
      expect(await store.createLink('other', { slug: 'spring', destination: 'https://x.example/', utm: {}, disabled: false, created_at: '2026-03-02T00:00:00.000Z' })).toBe(false);
      expect(await store.deleteLink('default', 'spring')).toBe(true);
      expect(await store.resolveLink('spring')).toMatchObject({ workspace_id: 'default', deleted: true });
    } finally {
      await store.close();
    }
  });
});
