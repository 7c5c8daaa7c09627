/**
 * The embedded store's attribution aggregates from its own journeys, read once for every
 * aggregate of the same range and windows: the dashboard's attribution page asks for the
 * model comparison (rule credits, channel sets, Markov's transitions) and the path reports
 * over the same journeys, and reading them (a million events in the demo world) costs seconds
 * each time. An embedded engine's reads are cheap to keep, and all its writes pass through
 * this process, so its journeys are cached here, behind the `Aggregates` port: the reports ask
 * every store the same questions.
 *
 * Entries are per store and per workspace, keyed by the range, the windows and whether
 * non-converting paths are included, and hold the workspace's data version
 * (`data-version.ts`): any write to the workspace makes them stale. Concurrent asks share one
 * read; a read with the non-converting paths also answers the asks without them. An entry
 * holds the journeys packed on shared memory (`packed-journeys.ts`): the worker threads that
 * compute the aggregates read that one copy, and each unpacks a read once (`journey-jobs.ts`).
 */
import { randomUUID } from 'node:crypto';
import { addDays, localMidnight } from '../../../metrics/time-zone.js';
import { detached } from '../../../shared/cancellation.js';
import { invalidArgument } from '../../../shared/errors.js';
import { journeyLookbackDays, type AggregateWindow } from '../../attribution-aggregates.js';
import { packedConversions } from '../../packed-journeys.js';
import type { Aggregates } from '../../ports/aggregates.js';
import type { Store } from '../../store.js';
import { dataVersion } from '../../data-version.js';
import { runJourneyJob, type PackedRead } from './journey-jobs.js';

/** Journey sets kept per store: a range or two, with and without non-converting paths. */
export const journeyCacheEntries = 4;

/** The range and windows a read covers (repeats do not change what is read). */
export type ReadWindow = Pick<AggregateWindow, 'from' | 'to' | 'lookbackClickDays' | 'lookbackViewDays' | 'viewWeight'>;

/**
 * Reads the journeys of a range, packed for a worker thread: every conversion in it with its
 * person's touches (stitched across devices) within `journeyLookbackDays` of the window, and,
 * when asked, the touches of people who did not convert (windowed back from the range end when
 * unpacked, `journey-jobs.ts`).
 */
export async function readJourneys(store: Pick<Store, 'packedJourneys' | 'getWorkspace'>, workspaceId: string, w: ReadWindow, withNonConverting: boolean): Promise<PackedRead> {
  const packed = await store.packedJourneys(workspaceId, { from: w.from, to: w.to, lookbackDays: journeyLookbackDays(w), includeNonConverting: withNonConverting });
  // The range ends at the local midnight after `to` in the workspace's time zone.
  const end = localMidnight(addDays(w.to, 1), (await store.getWorkspace(workspaceId))?.timezone ?? 'UTC') - 1;
  const window = { lookbackClickDays: w.lookbackClickDays, lookbackViewDays: w.lookbackViewDays, viewWeight: w.viewWeight };
  return { id: randomUUID(), packed, conversions: packedConversions(packed), end, window, withNonConverting };
}

interface Entry {
  version: string;
  journeys: Promise<PackedRead>;
}

const caches = new WeakMap<Store, Map<string, Entry>>();

/** `readJourneys`, answered from the store's cache while the workspace's data is unchanged. */
export function cachedJourneys(store: Store, workspaceId: string, w: ReadWindow, withNonConverting: boolean): Promise<PackedRead> {
  let cache = caches.get(store);
  if (!cache) {
    cache = new Map();
    caches.set(store, cache);
  }
  const keyOf = (nonConverting: boolean) => JSON.stringify([workspaceId, w.from, w.to, w.lookbackClickDays, w.lookbackViewDays, w.viewWeight, nonConverting]);
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
  // Shared by every aggregate that asks meanwhile: not stopped when the first asker's request is cancelled.
  const journeys = detached(() => readJourneys(store, workspaceId, w, withNonConverting));
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

type Query<K extends keyof Aggregates> = Parameters<Aggregates[K]>[1];

/** `Aggregates.attributionRuleCredits` from the store's cached journeys. */
export async function ruleCreditsFrom(store: Store, workspaceId: string, query: Query<'attributionRuleCredits'>) {
  return runJourneyJob('ruleCredits', await cachedJourneys(store, workspaceId, query, false), query);
}

/** `Aggregates.attributionPathCounts` from the store's cached journeys. */
export async function pathCountsFrom(store: Store, workspaceId: string, query: Query<'attributionPathCounts'>) {
  return runJourneyJob('pathCounts', await cachedJourneys(store, workspaceId, query, query.includeNonConverting), query);
}

/** `Aggregates.attributionChannelSets` from the store's cached journeys. */
export async function channelSetsFrom(store: Store, workspaceId: string, query: Query<'attributionChannelSets'>) {
  return runJourneyJob('channelSets', await cachedJourneys(store, workspaceId, query, false), query);
}

/** `Aggregates.attributionMarkovTransitions` from the store's cached journeys (with the non-converting ones). */
export async function markovTransitionsFrom(store: Store, workspaceId: string, query: Query<'attributionMarkovTransitions'>) {
  if (!Number.isInteger(query.order) || query.order < 1 || query.order > 4) throw invalidArgument('order', `order must be 1, 2, 3 or 4, got ${query.order}`);
  return runJourneyJob('markovTransitions', await cachedJourneys(store, workspaceId, query, true), query);
}
