/**
 * Journeys read once for every attribution report of the same range and
 * windows: the dashboard's attribution page asks for the model comparison
 * and the path reports over the same journeys, and reading them (a million
 * events in the demo world) costs seconds each time.
 *
 * Entries are per store and per workspace, keyed by the range, the windows
 * and whether non-converting paths are included, and hold the workspace's
 * data version (`data-version.ts`): any write to the workspace makes them
 * stale. Concurrent asks share one read. An entry holds the journeys packed
 * on shared memory (`packed-journeys.ts`): the worker threads that run the
 * engines read that one copy, and each unpacks a read once (`journey-jobs.ts`),
 * so one read serves every report. Only embedded stores are cached (their
 * writes all pass through this process); the others push aggregates down.
 */
import type { Store } from '../../store/store.js';
import { readJourneys } from './attribution-credits.js';
import type { ResolvedRange, ResolvedSettings } from './attribution-options.js';
import { dataVersion } from '../common/data-version.js';
import { detached } from '../../shared/cancellation.js';
import type { PackedRead } from '../heavy/journey-jobs.js';

/** Journey sets kept per store: a range or two, with and without non-converting paths. */
export const journeyCacheEntries = 4;

interface Entry {
  version: string;
  journeys: Promise<PackedRead>;
}

const caches = new WeakMap<Store, Map<string, Entry>>();

/** `readJourneys`, answered from the cache while the workspace's data is unchanged. */
export function cachedJourneys(store: Store, workspaceId: string, range: ResolvedRange, s: ResolvedSettings, withNonConverting: boolean): Promise<PackedRead> {
  if (!store.capabilities.embedded) return readJourneys(store, workspaceId, range, s, withNonConverting);
  let cache = caches.get(store);
  if (!cache) {
    cache = new Map();
    caches.set(store, cache);
  }
  const keyOf = (nonConverting: boolean) => JSON.stringify([workspaceId, range.from, range.to, s.lookbackClickDays, s.lookbackViewDays, s.viewWeight, nonConverting]);
  const key = keyOf(withNonConverting);
  const version = dataVersion(store, workspaceId);
  const hit = cache.get(key);
  if (hit && hit.version === version) {
    cache.delete(key); // most recently used last
    cache.set(key, hit);
    return hit.journeys;
  }
  // The converting journeys are the same rows with or without the non-converting ones.
  const wider = withNonConverting ? undefined : cache.get(keyOf(true));
  if (wider && wider.version === version) return wider.journeys.then((j) => ({ ...j, withNonConverting: false }));
  // Shared by every report that asks meanwhile: not stopped when the first asker's request is cancelled.
  const journeys = detached(() => readJourneys(store, workspaceId, range, s, withNonConverting));
  const entry = { version, journeys };
  cache.delete(key);
  cache.set(key, entry);
  while (cache.size > journeyCacheEntries) cache.delete(cache.keys().next().value!);
  // A failed read is not kept.
  journeys.catch(() => {
    if (cache.get(key) === entry) cache.delete(key);
  });
  return journeys;
}
