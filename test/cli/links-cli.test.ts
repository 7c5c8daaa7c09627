import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../src/server/start.js';
import { roilens } from '../helpers/roilens-cli.js';
import { tempDir } from '../helpers/temp.js';

/** `roilens links create|list|edit|disable|enable|delete` on the file, and through a server holding it (issue 11 #3, #4). */
describe('roilens links', () => {
  const tmp = tempDir();
  const db = `${tmp.dir}/links.duckdb`;
  const today = new Date().toISOString().slice(0, 10);
  const json = (r: { stdout: string }) => JSON.parse(r.stdout);

  beforeAll(async () => {
    // An existing, empty database.
    await (await startServer({ dbPath: db, port: 0, demo: false, quiet: true, adminToken: 'adm', writeKey: 'wk' })).close();
  }, 120_000);
  afterAll(() => tmp.cleanup());

  it('creates, refuses a taken slug, edits, disables, enables and deletes (the slug stays reserved)', async () => {
    const created = await roilens('links', 'create', '--destination', 'https://shop.example/sale', '--slug', 'spring', '--source', 'blog', '--campaign', 'spring', '--format', 'json', '--db', db);
    expect(created.code, created.stderr).toBe(0);
    expect(json(created)).toMatchObject({ slug: 'spring', path: '/c/spring', disabled: false, utm: { source: 'blog', campaign: 'spring' } });

    const taken = await roilens('links', 'create', '--destination', 'https://evil.example/', '--slug', 'spring', '--db', db);
    expect(taken.code).not.toBe(0);
    expect(taken.stderr).toMatch(/the slug "spring" is taken/);

    // Only the UTM flags given change; the others stay.
    const edited = await roilens('links', 'edit', 'spring', '--destination', 'https://shop.example/spring', '--source', 'newsletter', '--format', 'json', '--db', db);
    expect(edited.code, edited.stderr).toBe(0);
    expect(json(edited)).toMatchObject({ destination: 'https://shop.example/spring', utm: { source: 'newsletter', campaign: 'spring' } });
    const badEdit = await roilens('links', 'edit', 'spring', '--destination', 'ftp://x', '--db', db);
    expect(badEdit.code).not.toBe(0);
    expect(badEdit.stderr).toMatch(/--destination/);

    expect(json(await roilens('links', 'disable', 'spring', '--format', 'json', '--db', db))).toMatchObject({ slug: 'spring', disabled: true });
    const list = json(await roilens('links', 'list', '--format', 'json', '--db', db));
    expect(list.links.find((l: { slug: string }) => l.slug === 'spring')).toMatchObject({ disabled: true });
    expect(json(await roilens('links', 'enable', 'spring', '--format', 'json', '--db', db))).toMatchObject({ slug: 'spring', disabled: false });

    expect((await roilens('links', 'create', '--destination', 'https://shop.example/old', '--slug', 'old', '--db', db)).code).toBe(0);
    const deleted = await roilens('links', 'delete', 'old', '--db', db);
    expect(deleted.code, deleted.stderr).toBe(0);
    expect(deleted.stdout).toMatch(/slug stays reserved/);
    expect(json(await roilens('links', 'list', '--format', 'json', '--db', db)).links.map((l: { slug: string }) => l.slug)).toEqual(['spring']);
    const reuse = await roilens('links', 'create', '--destination', 'https://shop.example/new', '--slug', 'old', '--db', db);
    expect(reuse.code).not.toBe(0);
    expect(reuse.stderr).toMatch(/taken/);
    const missing = await roilens('links', 'disable', 'old', '--db', db);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/no tracking link "old"/);
  }, 600_000);

  it('lists clicks, unique clicks, conversions, revenue and earnings per click, through a running server and on the file', async () => {
    const server = await startServer({ dbPath: db, port: 0, demo: false, quiet: true, adminToken: 'adm', writeKey: 'wk' });
    try {
      // Through the server (it holds the file): 2 clicks by one visitor, 2 by others; one of them orders for 99.99.
      const first = await fetch(`${server.url}/c/spring`, { redirect: 'manual' });
      const cookie = first.headers.get('set-cookie')!.split(';')[0];
      await fetch(`${server.url}/c/spring`, { redirect: 'manual', headers: { cookie } });
      await fetch(`${server.url}/c/spring`, { redirect: 'manual' });
      const buyer = await fetch(`${server.url}/c/spring`, { redirect: 'manual' });
      const clickId = new URL(buyer.headers.get('location')!).searchParams.get('rl_cid');
      const orders = `order_id,customer_id,ts,amount,currency,click_id\ncli-1,crm-1,${new Date().toISOString()},99.99,EUR,${clickId}\n`;
      const imported = await fetch(`${server.url}/v1/import/orders`, { method: 'POST', headers: { authorization: 'Bearer adm', 'content-type': 'text/csv' }, body: orders });
      expect(imported.status, await imported.text()).toBe(200);

      const viaServer = await roilens('links', 'list', '--from', today, '--to', today, '--format', 'json', '--db', db);
      expect(viaServer.code, viaServer.stderr).toBe(0);
      // 4 clicks by 3 visitors; 99.99 / 4 = 24.9975.
      expect(json(viaServer).links[0]).toMatchObject({ slug: 'spring', clicks: 4, unique_clicks: 3, conversions: 1, revenue: '99.990000', epc: '24.997500' });
      const table = await roilens('links', 'list', '--from', today, '--to', today, '--db', db);
      expect(table.stdout).toMatch(/slug\s+destination\s+status\s+clicks\s+unique_clicks\s+conversions\s+revenue\s+epc/);
      expect(table.stdout).toMatch(/spring\s+https:\/\/shop\.example\/spring\s+active\s+4\s+3\s+1\s+99\.990000\s+24\.997500/);
      const taken = await roilens('links', 'create', '--destination', 'https://evil.example/', '--slug', 'spring', '--db', db);
      expect(taken.code).not.toBe(0);
      expect(taken.stderr).toMatch(/the slug "spring" is taken/);
    } finally {
      await server.close();
    }
    const onFile = await roilens('links', 'list', '--from', today, '--to', today, '--format', 'json', '--db', db);
    expect(json(onFile).links[0]).toMatchObject({ clicks: 4, unique_clicks: 3, conversions: 1, revenue: '99.990000', epc: '24.997500' });
  }, 600_000);
});
