/**
 * Values computed from a workspace's data and kept while that data is unchanged (issue 14): a part
 * of an answer that is slow to compute and the same for many calls (a programme's Markov shares
 * behind every leaderboard call, whatever its paging), kept under the key its computation names
 * plus the workspace's data version (`store/data-version.ts`), so any write to the workspace
 * through the store misses it. Unlike the result cache, a fresh call (`Cache-Control: no-cache`)
 * still reads it, as it reads the KPI rollups: the parts kept are intermediate values, each
 * recomputed on the first call after a write.
 *
 * Only the embedded store keeps values: the scale store's writers run in other processes, whose
 * writes its data version does not see. At most `maxEntries` values per memo, least recently used
 * first out; a failed computation is not kept.
 */
import { dataVersion } from '../../store/data-version.js';
import type { Store } from '../../store/store.js';

export class DataMemo<T> {
  private readonly entries = new Map<string, T>();

  constructor(private readonly store: Store, private readonly maxEntries: number) {}

  /**
   * The value of `key` in `workspaceId` under its current data version: kept, or `compute`d and kept.
   *
   * @example
   *   const shares = await memo.value('default', JSON.stringify([program, from, to]), () => computeShares())
   */
  async value(workspaceId: string, key: string, compute: () => Promise<T>): Promise<T> {
    if (!this.store.capabilities.embedded) return compute();
    const versioned = JSON.stringify([workspaceId, dataVersion(this.store, workspaceId), key]);
    if (this.entries.has(versioned)) {
      const hit = this.entries.get(versioned) as T;
      this.entries.delete(versioned); // most recently used last
      this.entries.set(versioned, hit);
      return hit;
    }
    const value = await compute();
    // Kept under the version read before computing: a write meanwhile has changed it, so the next call misses.
    this.entries.set(versioned, value);
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) break;
      this.entries.delete(oldest);
    }
    return value;
  }
}

const memos = new WeakMap<Store, Map<string, DataMemo<unknown>>>();

/** The memo named `name` of a store (one per store object and name; `maxEntries` from its first call). */
export function dataMemoOf<T>(store: Store, name: string, maxEntries = 32): DataMemo<T> {
  let byName = memos.get(store);
  if (!byName) memos.set(store, (byName = new Map()));
  let memo = byName.get(name);
  if (!memo) byName.set(name, (memo = new DataMemo<unknown>(store, maxEntries)));
  return memo as DataMemo<T>;
}
