import type { EventRecord, LeadRecord, OrderRecord } from '../records/events.js';
import { isDisposableEmail } from '../shared/disposable-domains.js';
import { isSha256Hex, pseudonymOf, type IdentifierKind } from './pseudonym.js';

/**
 * What ingest does with e-mail addresses and phone numbers before anything is stored or queued
 * (issue 12 #14). In event properties (identify traits included), at any depth:
 * - `email` / `email_address` / `email_hash` become `email_hash: <pseudonym>`, and an address
 *   in clear adds the trait `email_disposable` (true or false), taken before hashing;
 * - `phone` / `phone_number` / `phone_hash` become `phone_hash: <pseudonym>`;
 * - any other string that is an e-mail address becomes its pseudonym.
 * A user id (or order customer id, lead user id) that is an e-mail address becomes its
 * pseudonym on every path, so the person's events, orders and leads still meet. E-mail
 * addresses inside `url` and `referrer` are replaced by `[email]`.
 */
const namedKinds: Record<string, IdentifierKind> = {
  email: 'email', email_address: 'email', email_hash: 'email',
  phone: 'phone', phone_number: 'phone', phone_hash: 'phone',
};
const hashKey: Record<IdentifierKind, string> = { email: 'email_hash', phone: 'phone_hash' };

const wholeEmail = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const emailInText = /[A-Za-z0-9._%+-]+(?:@|%40)[A-Za-z0-9.-]+\.[A-Za-z]{2,}/gi;

/** True for a string that is an e-mail address. */
export function isEmailAddress(value: string): boolean {
  return value.length <= 320 && wholeEmail.test(value.trim());
}

/** A user or customer id as stored: an e-mail address becomes its pseudonym, anything else stays. */
export function pseudonymousId(salt: string, id: string): string {
  return isEmailAddress(id) ? pseudonymOf(salt, 'email', id) : id;
}

/** The event as stored: same fields, with e-mails and phones pseudonymised (a new object when anything changed). */
export function pseudonymizeEvent(salt: string, event: EventRecord): EventRecord {
  let out = event;
  const edit = (patch: Partial<EventRecord>) => {
    out = { ...out, ...patch };
  };
  if (event.user_id !== undefined && isEmailAddress(event.user_id)) edit({ user_id: pseudonymOf(salt, 'email', event.user_id) });
  for (const field of ['url', 'referrer'] as const) {
    const text = event[field];
    if (text && (text.includes('@') || /%40/i.test(text))) edit({ [field]: text.replace(emailInText, '[email]') });
  }
  if (event.properties) {
    const props = pseudonymizeObject(salt, event.properties, true);
    if (props !== event.properties) edit({ properties: props });
  }
  return out;
}

function pseudonymizeObject(salt: string, obj: Record<string, unknown>, top: boolean): Record<string, unknown> {
  let out: Record<string, unknown> | undefined;
  const set = (key: string, value: unknown) => {
    out ??= { ...obj };
    out[key] = value;
  };
  for (const [key, value] of Object.entries(obj)) {
    const kind = namedKinds[key.toLowerCase()];
    if (kind && typeof value === 'string' && value.trim() !== '') {
      if (key !== hashKey[kind]) {
        out ??= { ...obj };
        delete out[key];
      }
      set(hashKey[kind], pseudonymOf(salt, kind, value));
      if (kind === 'email' && !isSha256Hex(value) && top) set('email_disposable', isDisposableEmail(value));
    } else if (typeof value === 'string') {
      if (isEmailAddress(value)) set(key, pseudonymOf(salt, 'email', value));
    } else if (Array.isArray(value)) {
      const list = value.map((v) => (typeof v === 'string' && isEmailAddress(v) ? pseudonymOf(salt, 'email', v) : isPlainObject(v) ? pseudonymizeObject(salt, v, false) : v));
      if (list.some((v, i) => v !== value[i])) set(key, list);
    } else if (isPlainObject(value)) {
      const inner = pseudonymizeObject(salt, value, false);
      if (inner !== value) set(key, inner);
    }
  }
  return out ?? obj;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** An imported lead as stored: its `email_hash` (given as an address or a SHA-256) and an e-mail user id pseudonymised. */
export function pseudonymizeLead(salt: string, lead: LeadRecord): LeadRecord {
  return {
    ...lead,
    ...(lead.email_hash ? { email_hash: pseudonymOf(salt, 'email', lead.email_hash) } : {}),
    ...(lead.user_id ? { user_id: pseudonymousId(salt, lead.user_id) } : {}),
  };
}

/** An imported order as stored: its `email_hash` and an e-mail customer id pseudonymised. */
export function pseudonymizeOrder(salt: string, order: OrderRecord): OrderRecord {
  return {
    ...order,
    customer_id: pseudonymousId(salt, order.customer_id),
    ...(order.email_hash ? { email_hash: pseudonymOf(salt, 'email', order.email_hash) } : {}),
  };
}
