import type { StoredEvent } from '../../records/events.js';
import type { EventDeletionFilter } from '../event-deletion.js';
import type { PersonErasureCounts, PersonIds, PersonLinks } from '../person-erasure.js';
import { assertListed, type AllListed } from './port-methods.js';

/** The event log: append-only and idempotent (an event id seen twice is stored once); deletion and erasure are the only edits. */
export interface EventLog {
  /** Stores events; returns how many were new (duplicates by id are ignored). */
  insertEvents(workspaceId: string, events: StoredEvent[]): Promise<number>;
  /** Bulk-loads spool files (JSON lines `{"w": workspace, "e": [StoredEvent…]}`); a torn last line is skipped. Returns new events. */
  insertEventFiles(paths: string[]): Promise<number>;
  listEvents(workspaceId: string, filter: { anonymous_id?: string; user_id?: string; limit?: number }): Promise<StoredEvent[]>;
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
