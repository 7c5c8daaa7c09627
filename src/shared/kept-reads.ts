/**
 * Reads kept while the data they read is unchanged (issue 14: the calls of one dashboard page ask
 * the same read at once, and every page asks it again until new data arrives). A read is kept
 * under its key with the data version it was asked at (`store/data-version.ts`); an ask at the same
 * version gets the same promise, so concurrent asks share one read. The read runs detached: one
 * asker's cancelled request does not stop it for the others. A failed read is not kept. At most
 * `size` keys, the least recently asked dropped first. Readers must not mutate what they get.
 *
 * @example const kept = new KeptReads(4); kept.read('default', dataVersion(store, 'default'), () => readSales())
 */
import { detached } from './cancellation.js';

export class KeptReads {
  private readonly entries = new Map<string, { version: string; read: Promise<unknown> }>();

  constructor(private readonly size: number) {}

  read<T>(key: string, version: string, read: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key);
    this.entries.delete(key);
    if (hit && hit.version === version) {
      this.entries.set(key, hit);
      return hit.read as Promise<T>;
    }
    const entry = { version, read: detached(read) };
    this.entries.set(key, entry);
    while (this.entries.size > this.size) this.entries.delete(this.entries.keys().next().value!);
    entry.read.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return entry.read;
  }
}
