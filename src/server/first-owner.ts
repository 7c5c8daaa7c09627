/**
 * The first owner (issue 15): a database without people gets one at its first start, owner of the
 * default workspace, with no password; the start prints a single-use sign-in link for them (15
 * minutes), after which they set a password (`PUT /v1/session/password`) or ask for links again
 * (`roilens people reset-link`).
 */
import { randomBytes } from 'node:crypto';
import { mintPersonCode, personCodeUrl } from '../operations/session/person-codes.js';
import type { Store } from '../store/store.js';

/** Creates the first owner when the installation has no people: their e-mail and sign-in link, else undefined. */
export async function ensureFirstOwner(store: Store, workspaceId: string, email: string, baseUrl: string, now: number = Date.now()): Promise<{ email: string; url: string; expiresAt: Date } | undefined> {
  if ((await store.countPeople()) > 0) return undefined;
  const at = new Date(now).toISOString();
  const id = `per_${randomBytes(8).toString('hex')}`;
  // Two nodes starting at once: the e-mail is unique, so one creates the owner; the other finds them.
  await store.createPerson({ id, email, created_at: at, password_hash: null });
  const owner = await store.findPersonByEmail(email);
  if (!owner) return undefined;
  if (!(await store.membershipsOf(owner.id)).some((m) => m.workspace_id === workspaceId)) {
    await store.setMembership({ person_id: owner.id, workspace_id: workspaceId, role: 'owner', partner_id: null, created_at: at });
  }
  const { code, expiresAt } = await mintPersonCode(store, owner.id, 'signin', now);
  return { email: owner.email, url: personCodeUrl(baseUrl, 'signin', code), expiresAt };
}
