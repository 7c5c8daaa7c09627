import type { Member, Membership, PersonCode, PersonCodePurpose, PersonPatch, PersonSecrets, PersonSession } from '../../records/people.js';
import { assertListed, type AllListed } from './port-methods.js';

/**
 * People and their memberships (issue 15). E-mails are compared lower-case; a person's password is
 * only ever an argon2id hash here. Memberships are per (person, workspace): one role each.
 */
export interface PersonRepo {
  /** Stores a new person; false when the e-mail is taken (any case). */
  createPerson(person: { id: string; email: string; created_at: string; password_hash: string | null }): Promise<boolean>;
  getPerson(id: string): Promise<PersonSecrets | undefined>;
  /** The person with this e-mail (any case), or undefined. */
  findPersonByEmail(email: string): Promise<PersonSecrets | undefined>;
  updatePerson(id: string, patch: PersonPatch): Promise<void>;
  /** Records that a sign-in used the TOTP time step `step`: false when it or a later one was used already (a replayed code). */
  claimTotpStep(id: string, step: number): Promise<boolean>;
  /** How many people the installation has (none: the first start creates the owner). */
  countPeople(): Promise<number>;
  /** Adds or replaces the person's membership of its workspace. */
  setMembership(membership: Membership): Promise<void>;
  /** Removes the person from the workspace; false when they were not a member. */
  removeMembership(workspaceId: string, personId: string): Promise<boolean>;
  /** The workspace's members, by e-mail. */
  listMembers(workspaceId: string): Promise<Member[]>;
  /** The person's memberships, oldest first. */
  membershipsOf(personId: string): Promise<Membership[]>;
}

export const personRepoMethods = ['createPerson', 'getPerson', 'findPersonByEmail', 'updatePerson', 'claimTotpStep', 'countPeople', 'setMembership', 'removeMembership', 'listMembers', 'membershipsOf'] as const satisfies readonly (keyof PersonRepo)[];
assertListed<AllListed<PersonRepo, (typeof personRepoMethods)[number]>>(true);

/**
 * People's browser sessions and one-time codes (issue 15), each stored by the SHA-256 of its secret
 * (`hash`): the secret travels only in the cookie or the link.
 */
export interface PersonSessionRepo {
  createPersonSession(hash: string, personId: string, at: string): Promise<void>;
  findPersonSession(hash: string): Promise<PersonSession | undefined>;
  /** Stamps the session's last use (idle expiry counts from it). */
  touchPersonSession(hash: string, at: string): Promise<void>;
  /** Revokes one session (`hash`) or, without it, every session of the person not revoked yet; how many it revoked (idle ones included). */
  revokePersonSessions(personId: string, at: string, hash?: string): Promise<number>;
  createPersonCode(hash: string, code: PersonCode): Promise<void>;
  /** Spends a code of `purpose` once: its person while unspent and unexpired at `at`, else undefined. */
  spendPersonCode(hash: string, purpose: PersonCodePurpose, at: string): Promise<string | undefined>;
}

export const personSessionRepoMethods = ['createPersonSession', 'findPersonSession', 'touchPersonSession', 'revokePersonSessions', 'createPersonCode', 'spendPersonCode'] as const satisfies readonly (keyof PersonSessionRepo)[];
assertListed<AllListed<PersonSessionRepo, (typeof personSessionRepoMethods)[number]>>(true);
