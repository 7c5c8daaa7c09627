/**
 * Attribution on a store's packed journeys, as heavy jobs (issue 12 #7): the
 * report hands a worker thread the packed rows (shared memory, no copy) and
 * gets back only the sums, so neither building the journeys nor any model
 * (rules included) nor the path reports run on the event loop.
 *
 * Each thread keeps the journeys it unpacked for the last few reads (by the
 * read's id), so the nine models of a comparison unpack them once.
 */
import {
  attributeJourneys,
  journeyPathReports,
  UNATTRIBUTED,
  windowTouches,
  type Journey,
  type JourneyAttribution,
  type JourneyOptions,
  type PathReports,
  type WindowOptions,
} from '../../attribution/index.js';
import { unpackJourneys, type PackedJourneys } from '../../store/packed-journeys.js';

/** Journeys as the engines take them: the conversions in the range, and the windowed channel paths of people who did not convert. */
export interface StoreJourneys {
  converting: Journey[];
  nonConverting: string[][];
}

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

/** A model's credits without the per-conversion detail (only the sums leave the worker). */
export type JourneyCredits = Omit<JourneyAttribution, 'conversions'>;

/** Unpacked reads kept per thread. */
const keptReads = 4;
const unpacked = new Map<string, StoreJourneys>();

/** The engine journeys of a read (unpacked once per thread and read). */
export function journeysOf(read: PackedRead): StoreJourneys {
  let journeys = unpacked.get(read.id);
  if (journeys) {
    unpacked.delete(read.id); // most recently used last
  } else {
    journeys = toEngineJourneys(read);
    while (unpacked.size >= keptReads) unpacked.delete(unpacked.keys().next().value!);
  }
  unpacked.set(read.id, journeys);
  return read.withNonConverting ? journeys : { converting: journeys.converting, nonConverting: [] };
}

function toEngineJourneys(read: PackedRead): StoreJourneys {
  const converting: Journey[] = [];
  const nonConverting: string[][] = [];
  const window = { ...read.window, repeats: 'keep' as const };
  for (const row of unpackJourneys(read.packed)) {
    if (row.conversion) {
      converting.push({ conversion: row.conversion, touches: row.touches });
      continue;
    }
    const path = windowTouches({ conversion: { id: `person ${row.person}`, ts: read.end, value: 0 }, touches: row.touches }, window).map((t) => t.channel);
    if (path.length > 0 && path[0] !== UNATTRIBUTED) nonConverting.push(path);
  }
  return { converting, nonConverting };
}

/** One model on a read's conversions (Markov also on its non-converting paths); the sums of `attributeJourneys`. */
export function attributePackedJourneys(read: PackedRead, options: JourneyOptions): JourneyCredits {
  const journeys = journeysOf(read);
  const full = attributeJourneys(journeys.converting, options.model === 'markov' ? { ...options, nonConverting: journeys.nonConverting } : options);
  const { conversions: _perConversion, ...sums } = full;
  return sums;
}

/** The path reports of a read and how many converting and non-converting journeys they cover. */
export function packedJourneyPathReports(
  read: PackedRead,
  options: WindowOptions & { limit?: number },
): { reports: PathReports; converting: number; nonConverting: number } {
  const journeys = journeysOf(read);
  const reports = journeyPathReports(journeys.converting, { ...options, nonConverting: journeys.nonConverting });
  return { reports, converting: journeys.converting.length, nonConverting: journeys.nonConverting.length };
}
