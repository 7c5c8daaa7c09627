/**
 * The event ids a store holds, as a Bloom filter kept by its writer (issue 14): the duplicate check
 * of `POST /v1/events` asks the store only about the ids the filter says it may hold (about 0.8%
 * of new ids, plus the real duplicates), so most batches need no query at all.
 *
 * Built on first use from one scan of the stored (workspace, id) pairs; every insert adds its
 * pairs from the moment the build starts, so an insert during the scan is never missed. Until the
 * scan is done every id is "maybe" (the store answers, as before). Memory: 10 bits per stored id
 * (1.25 MB per million), sized at the build for the stored count and a quarter more (at least a
 * million), then growing by layers.
 */
import { BloomFilter } from '../shared/bloom-filter.js';

export interface StoredIdSource {
  /** How many events are stored (to size the filter). */
  count(): Promise<number>;
  /** Hands every stored (workspace, id) pair to `add`, in slices. */
  scan(add: (workspaceIds: string[], ids: string[]) => void): Promise<void>;
}

export class StoredIdFilter {
  private bloom?: BloomFilter;
  private ready = false;
  private building?: Promise<void>;
  private passed = 0;

  /** `minCapacity`: the fewest ids the filter is sized for at its build (tests make it small to meet false positives). */
  constructor(
    private readonly source: StoredIdSource,
    private readonly minCapacity = 1_000_000,
  ) {}

  /** True once the build started: inserts must then tell `add` their pairs. */
  get active(): boolean {
    return this.bloom !== undefined;
  }

  /** Whether the build is done, the bytes the filter holds (0 before its build) and how many asked ids it let through to the store since. */
  get stats(): { ready: boolean; bytes: number; passed: number } {
    return { ready: this.ready, bytes: this.bloom?.bytes ?? 0, passed: this.passed };
  }

  /** The ids of `ids` the workspace may store: all of them until the filter is built (the first call starts the build). */
  maybeStored(workspaceId: string, ids: string[]): string[] {
    if (!this.ready) {
      this.building ??= this.build();
      return ids;
    }
    const bloom = this.bloom!;
    const maybe = ids.filter((id) => bloom.mightContain(workspaceId, id));
    this.passed += maybe.length;
    return maybe;
  }

  /** Stored pairs: call after they are committed, for every insert once `active`. */
  add(workspaceIds: string[], ids: string[]): void {
    const bloom = this.bloom;
    if (!bloom) return;
    for (let i = 0; i < ids.length; i++) bloom.add(workspaceIds[i], ids[i]);
  }

  private async build(): Promise<void> {
    try {
      const stored = await this.source.count();
      this.bloom = new BloomFilter(stored + Math.max(stored / 4, this.minCapacity));
      await this.source.scan((w, ids) => this.add(w, ids));
      this.ready = true;
    } catch {
      // The store keeps answering every id; the next call tries again.
      this.bloom = undefined;
      this.building = undefined;
    }
  }
}
