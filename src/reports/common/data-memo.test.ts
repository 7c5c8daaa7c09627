import { afterEach, describe, expect, it } from 'vitest';
import { DuckDbStore } from '../../store/duckdb/duckdb-store.js';
import type { Store } from '../../store/store.js';
import { DataMemo, dataMemoOf } from './data-memo.js';

let store: DuckDbStore | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

const workspace = (id: string) => ({ id, name: id, currency: 'EUR', timezone: 'UTC', margin: '1', write_key: `wk_${id}` });

describe('DataMemo', () => {
  it('keeps a value until the workspace is written to, per workspace and key', async () => {
    store = await DuckDbStore.open(':memory:');
    await store.ensureWorkspace(workspace('a'));
    await store.ensureWorkspace(workspace('b'));
    const memo = new DataMemo<number>(store, 8);
    let computed = 0;
    const compute = async () => ++computed;
    expect(await memo.value('a', 'k', compute)).toBe(1);
    expect(await memo.value('a', 'k', compute)).toBe(1);
    expect(await memo.value('a', 'other', compute)).toBe(2);
    expect(await memo.value('b', 'k', compute)).toBe(3);
    await store.upsertRates('a', [{ date: '2026-03-01', currency: 'USD', rate: '0.9' }]);
    expect(await memo.value('a', 'k', compute), 'a write to a misses').toBe(4);
    expect(await memo.value('b', 'k', compute), 'b unchanged').toBe(3);
  });

  it('keeps at most maxEntries, least recently used first out; a failure is not kept', async () => {
    store = await DuckDbStore.open(':memory:');
    await store.ensureWorkspace(workspace('a'));
    const memo = new DataMemo<string>(store, 2);
    await memo.value('a', 'x', async () => 'x1');
    await memo.value('a', 'y', async () => 'y1');
    await memo.value('a', 'x', async () => 'x2'); // x used last
    await memo.value('a', 'z', async () => 'z1'); // y out
    expect(await memo.value('a', 'x', async () => 'x3')).toBe('x1');
    expect(await memo.value('a', 'y', async () => 'y2')).toBe('y2');
    await expect(memo.value('a', 'f', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await memo.value('a', 'f', async () => 'f1')).toBe('f1');
  });

  it('keeps nothing on a store whose writers run elsewhere (not embedded)', async () => {
    const remote = { capabilities: { embedded: false } } as unknown as Store;
    const memo = dataMemoOf<number>(remote, 'test');
    let computed = 0;
    await memo.value('a', 'k', async () => ++computed);
    expect(await memo.value('a', 'k', async () => ++computed)).toBe(2);
    expect(dataMemoOf<number>(remote, 'test')).toBe(memo);
  });
});
