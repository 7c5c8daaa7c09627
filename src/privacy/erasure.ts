import { AppError, invalid } from '../shared/errors.js';
import { emptyPersonLinks, type PersonErasureCounts, type PersonLinks } from '../store/person-erasure.js';
import type { Store } from '../store/store.js';
import { pseudonymOf } from './pseudonym.js';
import { isEmailAddress } from './pseudonymize.js';
import { workspaceSalt } from './workspace-salt.js';

/** What erasure and retention need of the ingest pipeline (`EventPipeline` is one): events still on their way to the store, and a way to wait for them. */
export interface PendingEvents {
  drain(): Promise<void>;
  readonly health: { pending_events: number };
}

/** What `DELETE /v1/people/:id` and `roilens people erase ID` answer: counts only, never the ids themselves. */
export interface PersonErasure {
  /** Rows removed per kind; `traits` are the identify events among `events`. */
  removed: PersonErasureCounts;
  /** How many device (anonymous) ids and user ids made up the person. */
  anonymous_ids: number;
  user_ids: number;
  /** Whether storage was rewritten so the erased rows leave no bytes (the embedded store's file; not when nothing was removed). */
  compacted: boolean;
}

/** Ids of a person grow by at most this many rounds (a chain of devices, user ids and e-mails). */
const maxRounds = 10;
/** Beyond this many ids the "person" is rather a shared id (an office device): erasure stops and says so. */
const maxIds = 10_000;

/** Validates the id of a person to erase (a user id, anonymous id or e-mail address). */
export function parsePersonId(raw: unknown, field = 'id'): string {
  if (typeof raw !== 'string' || raw.trim() === '') throw invalid(field, 'must be a user id, anonymous id or e-mail address');
  if (raw.length > 256) throw invalid(field, 'must be at most 256 characters');
  return raw.trim();
}

/**
 * Erases a person (issue 12 #14): every stored event (identify traits included), order and
 * lead of every device and user id linked to `id`, through shared events, e-mail pseudonyms,
 * order customers and lead users; then the storage is compacted. What the spool or queue still
 * holds is stored first (drain) so it is erased with the rest, and what arrives while the
 * erasure runs is caught by a second pass. An e-mail address as `id` is looked up by its
 * pseudonym.
 */
export async function erasePerson(store: Store, pipeline: PendingEvents | undefined, workspaceId: string, id: string): Promise<PersonErasure> {
  await drainFully(pipeline);
  const { person, found } = await personOf(store, workspaceId, id);
  const removed = await store.erasePerson(workspaceId, person);
  // Events of the person accepted while the first pass ran.
  await drainFully(pipeline);
  const late = await store.erasePerson(workspaceId, person);
  for (const k of Object.keys(removed) as (keyof PersonErasureCounts)[]) removed[k] += late[k];
  const removedAny = Object.values(removed).some((n) => n > 0);
  const compacted = removedAny && (await store.compact());
  return { removed, anonymous_ids: found.anonymous_ids.size, user_ids: found.user_ids.size, compacted };
}

/** The closure of ids linked to `id` in stored rows (see `store/person-erasure.ts`). */
async function personOf(store: Store, workspaceId: string, id: string): Promise<{ person: PersonLinks; found: { anonymous_ids: Set<string>; user_ids: Set<string> } }> {
  const person = emptyPersonLinks();
  const known = new Set<string>();
  // The ids stored rows actually carry (the seed is tried as every kind of id).
  const found = { anonymous_ids: new Set<string>(), user_ids: new Set<string>() };
  const add = (list: string[], values: string[], kind: string): boolean => {
    let grew = false;
    for (const v of values) {
      if (known.has(`${kind}:${v}`)) continue;
      known.add(`${kind}:${v}`);
      list.push(v);
      grew = true;
    }
    return grew;
  };
  const seeds = [id];
  if (isEmailAddress(id)) seeds.push(pseudonymOf(await workspaceSalt(store, workspaceId), 'email', id));
  add(person.anonymous_ids, seeds, 'anon');
  add(person.user_ids, seeds, 'user');
  add(person.email_hashes, seeds, 'email');
  for (let round = 0; round < maxRounds; round++) {
    const links = await store.personLinks!(workspaceId, person);
    for (const a of links.anonymous_ids) found.anonymous_ids.add(a);
    for (const u of links.user_ids) found.user_ids.add(u);
    let grew = add(person.anonymous_ids, links.anonymous_ids, 'anon');
    grew = add(person.user_ids, links.user_ids, 'user') || grew;
    grew = add(person.email_hashes, links.email_hashes, 'email') || grew;
    add(person.click_ids, links.click_ids, 'click');
    add(person.order_ids, links.order_ids, 'order');
    if (known.size > maxIds) throw invalid('id', `links more than ${maxIds} ids (a shared device or user id?): erase its events with DELETE /v1/events instead`);
    if (!grew) break;
  }
  return { person, found };
}

/** Waits until nothing acknowledged is left outside the store; a queue that stays behind makes the erasure wait (503). */
async function drainFully(pipeline: PendingEvents | undefined): Promise<void> {
  if (!pipeline) return;
  await pipeline.drain();
  if (pipeline.health.pending_events > 0) {
    throw new AppError('unavailable', `${pipeline.health.pending_events} events are still on their way to the store; the erasure needs them stored first: retry shortly`, [], 5);
  }
}
