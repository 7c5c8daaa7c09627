/**
 * Erasing a person (issue 12 #14), the part every engine implements. A person is the closure of
 * the ids that meet in stored rows: anonymous (device) ids and user ids on the same events,
 * e-mail pseudonyms (`email_hash`) on their identify events, orders and leads. The privacy
 * module grows the closure with `Store.personLinks` until it stops changing, then
 * `Store.erasePerson` deletes every event (traits are identify events), order and lead that
 * carries any of the ids, the click ids and order ids of the person's events included.
 */
export interface PersonIds {
  anonymous_ids: string[];
  user_ids: string[];
  email_hashes: string[];
}

/** A person's ids with the click ids and order ids their events carry. */
export interface PersonLinks extends PersonIds {
  click_ids: string[];
  order_ids: string[];
}

/** How many stored rows an erasure removed, per kind (`traits`: the identify events among `events`). */
export interface PersonErasureCounts {
  events: number;
  traits: number;
  orders: number;
  leads: number;
}

export const emptyPersonLinks = (): PersonLinks => ({ anonymous_ids: [], user_ids: [], email_hashes: [], click_ids: [], order_ids: [] });
