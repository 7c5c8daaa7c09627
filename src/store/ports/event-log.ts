import type { StoredEvent } from '../../records/events.js';
import type { EventDeletionFilter } from '../event-deletion.js';
import type { PersonErasureCounts, PersonIds, PersonLinks } from '../person-erasure.js';
import { invalid } from '../../shared/errors.js';
import { assertListed, type AllListed } from './port-methods.js';

/** Which events `EventLog.listEvents` answers. */
export interface EventListFilter {
  anonymous_id?: string;
  user_id?: string;
  /** Only events after this one in the list's order (its time and id). */
  after?: { ts: string; id: string };
  /** One person's events: those with this user id or any of these anonymous ids (at most 1,000). */
  person?: { user_id: string; anonymous_ids: readonly string[] };
  /** The last `limit` events instead of the first (still answered oldest first). */
  last?: boolean;
  limit?: number;
}

/** `after` of a filter as epoch milliseconds and id, for the engines' keyset conditions; a 400 naming `after.ts` when it is not an instant. */
export function eventListAfter(after: NonNullable<EventListFilter['after']>): { ms: number; id: string } {
  const ms = Date.parse(after.ts);
  if (!Number.isFinite(ms)) throw invalid('after.ts', `must be an ISO instant, got ${JSON.stringify(after.ts).slice(0, 40)}`);
  return { ms, id: after.id };
}

/** The most events one `listEvents` answers: a page of 10,000 and the one more that tells the pager another page follows. */
export const listEventsMax = 10_001;

/** The anonymous ids a person filter reads (`EventListFilter.person`). */
export const personAnonymousIdsMax = 1_000;

/** The event log: append-only and idempotent (an event id seen twice is stored once); deletion and erasure are the only edits. */
export interface EventLog {
  /** Stores events; returns how many were new (duplicates by id are ignored). */
  insertEvents(workspaceId: string, events: StoredEvent[]): Promise<number>;
  /** Bulk-loads spool files (JSON lines `{"w": workspace, "e": [StoredEvent…]}`); a torn last line is skipped. Returns new events. */
  insertEventFiles(paths: string[]): Promise<number>;
  /**
   * The workspace's events (of a visitor or a user when named) in order of time, then id (code
   * units), at millisecond precision: those after `after` (its `ts` as the events answer it),
   * at most `limit` (default 1,000, at most `listEventsMax`). `events.list` pages with it.
   */
  listEvents(workspaceId: string, filter: EventListFilter): Promise<StoredEvent[]>;
  findClick(workspaceId: string, clickId: string): Promise<StoredEvent | undefined>;
  countEvents(workspaceId: string): Promise<number>;
  /** Which of `ids` (at most 1,000) the workspace has stored: `POST /v1/events` answers them as duplicates (issue 12 #4). */
  existingEventIds(workspaceId: string, ids: string[]): Promise<string[]>;
  /**
   * Deletes the workspace's events matching every condition of the filter (issue 12 #2, see
   * `store/event-deletion.ts`); answers how many events were removed. Every report afterwards
   * reads only what is left.
   */
  deleteEvents(workspaceId: string, filter: EventDeletionFilter): Promise<number>;
  /** Every id one step away from `ids` in stored events, orders and leads (issue 12 #14, see `store/person-erasure.ts`). */
  personLinks(workspaceId: string, ids: PersonIds): Promise<PersonLinks>;
  /** Deletes every event, order and lead of the person (issue 12 #14); answers the counts per kind. */
  erasePerson(workspaceId: string, person: PersonLinks): Promise<PersonErasureCounts>;
}

export const eventLogMethods = [
  'insertEvents', 'insertEventFiles', 'listEvents', 'findClick', 'countEvents', 'existingEventIds', 'deleteEvents', 'personLinks', 'erasePerson',
] as const satisfies readonly (keyof EventLog)[];
assertListed<AllListed<EventLog, (typeof eventLogMethods)[number]>>(true);
