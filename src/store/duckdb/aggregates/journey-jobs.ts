/**
 * The embedded store's attribution aggregates on its packed journeys, as jobs for the worker
 * pool (`shared/workers/heavy-pool.ts`, issue 12 #7): the store hands a worker thread one read of
 * packed rows (shared memory, no copy) and gets back only the aggregate, so neither building
 * the journeys nor any pass over them runs on the event loop.
 *
 * Each thread keeps the journeys it unpacked for the last few reads (by the read's id), so the
 * aggregates of every model of a comparison unpack a read once.
 */
import { runHeavyJob, type HeavyJobs as HeavyTable } from '../../../shared/workers/heavy-pool.js';
import type { AggregateDimension, AggregateWindow, CreditRule } from '../../attribution-aggregates.js';
import { unpackJourneys, type PackedJourneys } from '../../packed-journeys.js';
import { channelSetsOf, markovTransitionsOf, pathCountsOf, ruleCreditsOf, splitJourneys, type Split } from './journey-aggregates.js';

/** One read of a range's journeys, packed, with what turning them into engine journeys needs. */
export interface PackedRead {
  /** Unique per read: the key of the unpacked journeys each thread keeps. */
  id: string;
  packed: PackedJourneys;
  /** Conversions in the range (journeys with a conversion). */
  conversions: number;
  /** The range end (epoch ms, the last instant of its last local day): non-converting paths are windowed back from it. */
  end: number;
  /** The click and view windows of the read (repeats kept). */
  window: { lookbackClickDays: number; lookbackViewDays: number; viewWeight: number };
  /** Whether the non-converting paths are handed out (false: none, as if they had not been read). */
  withNonConverting: boolean;
}

/** Unpacked reads kept per thread. */
const keptReads = 4;
const unpacked = new Map<string, Split>();

/** The engine journeys of a read (unpacked once per thread and read). */
export function journeysOf(read: PackedRead): Split {
  let journeys = unpacked.get(read.id);
  if (journeys) {
    unpacked.delete(read.id); // most recently used last
  } else {
    journeys = splitJourneys(unpackJourneys(read.packed), read.end, read.window, true);
    while (unpacked.size >= keptReads) unpacked.delete(unpacked.keys().next().value!);
  }
  unpacked.set(read.id, journeys);
  return read.withNonConverting ? journeys : { converting: journeys.converting, nonConverting: [] };
}

/** Every job by name; the worker and the inline runner call the same functions. */
export const journeyJobs = {
  ruleCredits: (read: PackedRead, query: AggregateWindow & { by: AggregateDimension; rule: CreditRule }) => ruleCreditsOf(journeysOf(read), query),
  pathCounts: (read: PackedRead, query: AggregateWindow & { includeNonConverting: boolean }) => pathCountsOf(journeysOf(read), query),
  channelSets: (read: PackedRead, query: AggregateWindow & { by: AggregateDimension }) => channelSetsOf(journeysOf(read), query),
  markovTransitions: (read: PackedRead, query: AggregateWindow & { order: number }) => markovTransitionsOf(journeysOf(read), query),
};

type JourneyJobs = typeof journeyJobs;

const fromSources = import.meta.url.endsWith('.ts');
const table: HeavyTable = { jobs: journeyJobs as HeavyTable['jobs'], worker: new URL(`./worker.${fromSources ? 'ts' : 'js'}`, import.meta.url) };

/** Runs one job on a worker thread when the pool runs, inline otherwise. */
export function runJourneyJob<K extends keyof JourneyJobs>(job: K, ...args: Parameters<JourneyJobs[K]>): Promise<ReturnType<JourneyJobs[K]>> {
  return runHeavyJob(table, job, args) as Promise<ReturnType<JourneyJobs[K]>>;
}
