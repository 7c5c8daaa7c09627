import type { PersonSessionKeeper } from '../../operations/core/http-exchange.js';
import { newSecret, secretDigest } from '../../operations/session/person-codes.js';
import type { Store } from '../../store/store.js';
import { FixedWindowLimiter } from '../rate-limit.js';

export interface PersonSessionSettings {
  now?: () => number;
  /** A session ends after this long without a request (default 12 h, `ROILENS_SESSION_IDLE_HOURS`). */
  idleMs: number;
  /** …and this long after sign-in at the latest (default 7 days). */
  maxAgeMs?: number;
  /** Sign-in attempts allowed per e-mail and per address within `windowMs` (0: no limit). */
  perEmail: number;
  perAddress: number;
  windowMs: number;
}

/** How often a session's last use is written (every request would be a write). */
const touchEveryMs = 60_000;

/**
 * People's sessions in the store (issue 15), found by the SHA-256 of the cookie's id: live until
 * revoked, idle for `idleMs`, or `maxAgeMs` old; the person must still exist and not be disabled.
 * Sign-in attempts are counted per e-mail and per address in fixed windows, in memory.
 *
 * @example
 * const people = new PersonSessions(store, { idleMs: 12 * 3_600_000, perEmail: 5, perAddress: 20, windowMs: 900_000 });
 * const { id } = await people.open('per_1');   // the cookie's value
 * await people.find(id);                        // { personId: 'per_1', expiresAt }
 */
export class PersonSessions implements PersonSessionKeeper {
  readonly now: () => number;
  readonly idleMs: number;
  readonly maxAgeMs: number;
  private readonly perEmail: FixedWindowLimiter;
  private readonly perAddress: FixedWindowLimiter;

  constructor(private readonly store: Store, settings: PersonSessionSettings) {
    this.now = settings.now ?? Date.now;
    this.idleMs = settings.idleMs;
    this.maxAgeMs = settings.maxAgeMs ?? 7 * 24 * 3_600_000;
    this.perEmail = new FixedWindowLimiter(settings.perEmail, settings.windowMs, this.now);
    this.perAddress = new FixedWindowLimiter(settings.perAddress, settings.windowMs, this.now);
  }

  async open(personId: string): Promise<{ id: string; expiresAt: Date }> {
    const id = newSecret();
    const now = this.now();
    await this.store.createPersonSession(secretDigest(id), personId, new Date(now).toISOString());
    return { id, expiresAt: new Date(Math.min(now + this.idleMs, now + this.maxAgeMs)) };
  }

  async find(id: string): Promise<{ personId: string; expiresAt: Date } | undefined> {
    const hash = secretDigest(id);
    const session = await this.store.findPersonSession(hash);
    if (!session || session.revoked_at !== null) return undefined;
    const now = this.now();
    const lastSeen = Date.parse(session.last_seen_at);
    const ends = Date.parse(session.created_at) + this.maxAgeMs;
    if (now >= lastSeen + this.idleMs || now >= ends) return undefined;
    const person = await this.store.getPerson(session.person_id);
    if (!person || person.disabled_at !== null) return undefined;
    if (now - lastSeen >= touchEveryMs) await this.store.touchPersonSession(hash, new Date(now).toISOString());
    return { personId: session.person_id, expiresAt: new Date(Math.min(now + this.idleMs, ends)) };
  }

  async revoke(id: string): Promise<void> {
    const session = await this.store.findPersonSession(secretDigest(id));
    if (session) await this.store.revokePersonSessions(session.person_id, new Date(this.now()).toISOString(), secretDigest(id));
  }

  revokeAll(personId: string): Promise<number> {
    return this.store.revokePersonSessions(personId, new Date(this.now()).toISOString());
  }

  attempt(email: string, address: string | undefined): number | null {
    const byAddress = address === undefined ? null : this.perAddress.hit(address);
    const byEmail = this.perEmail.hit(email.trim().toLowerCase());
    return byAddress ?? byEmail;
  }
}
