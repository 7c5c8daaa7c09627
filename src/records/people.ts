/**
 * People who sign in (issue 15), as the store keeps them: an e-mail (kept lower-case, so unique
 * whatever its case), an argon2id password hash (never the password), an optional TOTP secret;
 * memberships give a person a role in a workspace; sessions and one-time codes are kept by the
 * SHA-256 of their secret.
 */

/** The roles of a workspace (design.md "Scopes of operations"). */
export const roles = ['owner', 'admin', 'analyst', 'viewer', 'partner'] as const;
export type Role = (typeof roles)[number];

export interface Person {
  id: string;
  /** Lower-case. */
  email: string;
  created_at: string;
  /** A disabled person cannot sign in; their sessions stop working. */
  disabled_at: string | null;
  /** Whether a password is set (an invited person has none until they accept). */
  has_password: boolean;
  /** Whether a TOTP second factor is on. */
  totp: boolean;
}

/** A person with the secrets sign-in checks (never answered by an operation). */
export interface PersonSecrets extends Person {
  password_hash: string | null;
  /** The base32 secret of an enabled second factor. */
  totp_secret: string | null;
  /** A secret enrolled but not confirmed with a code yet. */
  totp_pending: string | null;
}

/** What `updatePerson` may change. */
export type PersonPatch = Partial<Pick<PersonSecrets, 'password_hash' | 'totp_secret' | 'totp_pending' | 'disabled_at'>>;

export interface Membership {
  person_id: string;
  workspace_id: string;
  role: Role;
  /** The partner a `partner` member is (their portal shows only that partner's figures). */
  partner_id: string | null;
  created_at: string;
}

/** A member as a workspace lists them. */
export interface Member extends Membership {
  email: string;
  disabled_at: string | null;
  has_password: boolean;
  totp: boolean;
}

/** A signed-in browser of a person, found by the SHA-256 of the cookie's id. */
export interface PersonSession {
  person_id: string;
  created_at: string;
  last_seen_at: string;
  revoked_at: string | null;
}

/** What a one-time code does: sign in (the first owner's link), accept an invitation, reset a password. */
export type PersonCodePurpose = 'signin' | 'invite' | 'reset';

export interface PersonCode {
  person_id: string;
  purpose: PersonCodePurpose;
  expires_at: string;
}
