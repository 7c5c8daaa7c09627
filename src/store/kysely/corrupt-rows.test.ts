import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors.js';
import { DuckDbStore } from '../duckdb/duckdb-store.js';

/** Rows edited behind roilens' back answer the registry's `internal` error naming the row and field, on read. */
describe('corrupt metadata rows (DuckDB)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'roilens-corrupt-rows-'));
  const path = join(dir, 'corrupt.duckdb');
  let store: DuckDbStore;

  beforeAll(async () => {
    const seed = await DuckDbStore.open(path);
    for (const id of ['ok', 'bad_margin', 'bad_currency', 'bad_rules']) {
      await seed.ensureWorkspace({ id, name: id, currency: 'EUR', timezone: 'UTC', margin: '1', write_key: `wk_${id}` });
    }
    await seed.setChannelRules('bad_rules', [{ channel: 'news', source: 'letter' }], () => 'news');
    for (const slug of ['fine', 'bad_utm', 'bad_tags']) {
      await seed.createLink('ok', { slug, destination: 'https://shop.example/', utm: { source: 'blog' }, disabled: false, created_at: '2026-03-01T10:00:00.000Z' });
    }
    await seed.putDocument('ok', 'segments', 'good', { rules: [] });
    await seed.putDocument('ok', 'segments', 'torn', { rules: [] });
    const entry = { workspace_id: 'ok', program_id: 'prg', partner_id: 'prt', kind: 'commission' as const, amount: '12.50', currency: 'EUR', ref: null, order_id: null, rule_id: null,
      refund_id: null, payout_run_id: null, reason: null, fraud_score: null, held: false, occurred_at: '2026-03-01T10:00:00.000Z', created_at: '2026-03-01T10:00:00.000Z', note: null };
    await seed.appendLedger('ok', [{ ...entry, id: 'led_bad', key: 'k1' }]);
    await seed.close();

    const instance = await DuckDBInstance.create(path);
    const conn = await instance.connect();
    await conn.run(`UPDATE workspaces SET margin = 'lots' WHERE id = 'bad_margin'`);
    await conn.run(`UPDATE workspaces SET currency = 'euro' WHERE id = 'bad_currency'`);
    await conn.run(`UPDATE workspaces SET channel_rules = '[{"source":"letter"}]' WHERE id = 'bad_rules'`);
    await conn.run(`UPDATE links SET utm = '{"source":' WHERE slug = 'bad_utm'`);
    await conn.run(`UPDATE links SET utm = '{"source":7}' WHERE slug = 'bad_tags'`);
    await conn.run(`UPDATE documents SET body = '{"rules": [' WHERE id = 'torn'`);
    await conn.run(`UPDATE ledger_entries SET amount = '12,50' WHERE id = 'led_bad'`);
    conn.closeSync();
    instance.closeSync();
    store = await DuckDbStore.open(path);
  });
  afterAll(async () => {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const failure = async (read: Promise<unknown>) => {
    const err = await read.then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    const { code, message, issues } = err as AppError;
    return { code, message, paths: issues.map((i) => i.path) };
  };

  it('a workspace whose margin or currency is not what a workspace holds', async () => {
    expect(await failure(store.getWorkspace('bad_margin'))).toEqual({ code: 'internal', message: expect.stringContaining('workspaces id=bad_margin'), paths: ['margin'] });
    expect(await failure(store.findWorkspaceByWriteKey('wk_bad_currency'))).toMatchObject({ code: 'internal', paths: ['currency'] });
    // An analysis reads its workspace first: it answers the same error, not a figure from a wrong margin.
    expect(await failure(store.kpiFacts('bad_margin', { from: '2026-01-01', to: '2026-01-31', by: 'channel', lookbackDays: 30 }))).toMatchObject({ code: 'internal', paths: ['margin'] });
    expect((await store.getWorkspace('ok'))?.margin).toBe('1');
  });

  it('channel rules that are not rules', async () => {
    expect(await failure(store.getChannelRules('bad_rules'))).toMatchObject({ code: 'internal', paths: ['0.channel'] });
  });

  it('a link whose UTM text is not JSON, or not UTM tags', async () => {
    expect(await failure(store.getLink('ok', 'bad_utm'))).toMatchObject({ code: 'internal', paths: ['utm'] });
    expect(await failure(store.resolveLink('bad_tags'))).toMatchObject({ code: 'internal', paths: ['utm.source'] });
    expect(await failure(store.listLinks('ok'))).toMatchObject({ code: 'internal' });
    expect((await store.resolveLink('fine'))?.link.utm).toEqual({ source: 'blog' });
  });

  it('a ledger entry whose amount is not a decimal string', async () => {
    expect(await failure(store.listLedger('ok', {}))).toEqual({ code: 'internal', message: expect.stringContaining('ledger_entries ok/led_bad'), paths: ['amount'] });
  });

  it('a document whose body is not JSON', async () => {
    expect(await failure(store.getDocument('ok', 'segments', 'torn'))).toMatchObject({ code: 'internal', message: expect.stringContaining('segments/torn'), paths: ['body'] });
    expect(await failure(store.listDocuments('ok', 'segments'))).toMatchObject({ code: 'internal', paths: ['body'] });
    expect(await store.getDocument('ok', 'segments', 'good')).toEqual({ rules: [] });
  });
});
