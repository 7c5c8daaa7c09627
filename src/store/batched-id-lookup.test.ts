import { describe, expect, it } from 'vitest';
import { DuckDbStore } from './duckdb/duckdb-store.js';
import { batchedIdLookup } from './batched-id-lookup.js';

/** A lookup over a fixed set of stored ids per workspace that records each query. */
function recordingLookup(stored: Record<string, string[]>) {
  const queries: { workspaceId: string; ids: string[] }[] = [];
  const lookup = batchedIdLookup(async (workspaceId, ids) => {
    queries.push({ workspaceId, ids });
    await new Promise((resolve) => setTimeout(resolve, 5));
    return ids.filter((id) => stored[workspaceId]?.includes(id));
  });
  return { lookup, queries };
}

describe('batchedIdLookup', () => {
  it('answers each caller with exactly its own stored ids while concurrent callers share queries', async () => {
    const { lookup, queries } = recordingLookup({ w1: ['a', 'c', 'e'], w2: ['a', 'b'] });
    const asked = [['a', 'b'], ['c'], ['d', 'e', 'e'], ['z'], ['a', 'c']];
    const answers = await Promise.all([...asked.map((ids) => lookup('w1', ids)), lookup('w2', ['a', 'c'])]);
    expect(answers).toEqual([['a'], ['c'], ['e'], [], ['a', 'c'], ['a']]);
    // Six calls, two workspaces: one query each, never a mix of workspaces.
    expect(queries.map((q) => q.workspaceId).sort()).toEqual(['w1', 'w2']);
    expect(new Set(queries.find((q) => q.workspaceId === 'w1')!.ids)).toEqual(new Set(['a', 'b', 'c', 'd', 'e', 'z']));
  });

  it('collects the calls made while a query runs into the next one', async () => {
    const { lookup, queries } = recordingLookup({ w1: ['x3'] });
    const first = lookup('w1', ['x1']);
    await new Promise((resolve) => setImmediate(resolve));
    const later = await Promise.all([lookup('w1', ['x2']), lookup('w1', ['x3']), lookup('w1', ['x4'])]);
    expect(await first).toEqual([]);
    expect(later).toEqual([[], ['x3'], []]);
    expect(queries.map((q) => q.ids)).toEqual([['x1'], ['x2', 'x3', 'x4']]);
  });

  it('rejects the callers of a failed query only, and runs again afterwards', async () => {
    let fail = true;
    const lookup = batchedIdLookup(async (_ws, ids) => {
      if (fail) {
        fail = false;
        throw new Error('engine away');
      }
      return ids;
    });
    await expect(lookup('w1', ['a'])).rejects.toThrow('engine away');
    expect(await lookup('w1', ['b'])).toEqual(['b']);
    expect(await lookup('w1', [])).toEqual([]);
  });

  it('finds stored ids on DuckDB however many requests ask at once', async () => {
    const store = await DuckDbStore.open(':memory:');
    try {
      const ts = '2026-01-01T00:00:00.000Z';
      await store.insertEvents('w1', Array.from({ length: 300 }, (_, i) => ({ id: `e${i}`, type: 'page_view' as const, ts, anonymous_id: 'a', channel: 'direct' })));
      const answers = await Promise.all(Array.from({ length: 200 }, (_, i) => store.existingEventIds('w1', [`e${i * 2}`, `new${i}`])));
      answers.forEach((found, i) => expect(found).toEqual(i * 2 < 300 ? [`e${i * 2}`] : []));
      expect(await store.existingEventIds('w2', ['e1'])).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
