/** Two small ports of issue 15 kept in one file: workspaces' API keys and Idempotency-Key claims. */
import type { ApiKey } from '../../records/api-keys.js';
import { assertListed, type AllListed } from './port-methods.js';

/**
 * Workspaces' API keys (issue 15), stored by the SHA-256 of the key (`hash`): the key itself is shown
 * once, when it is made, and never stored. A revoked key stays listed with its `revoked_at`.
 */
export interface KeyRepo {
  createApiKey(key: ApiKey, hash: string): Promise<void>;
  /** The key whose SHA-256 is `hash`, revoked or not, in any workspace. */
  findApiKey(hash: string): Promise<ApiKey | undefined>;
  listApiKeys(workspaceId: string): Promise<ApiKey[]>;
  /** Revokes the workspace's key `id` at `at`; false when the workspace has no such key (already revoked: true, unchanged). */
  revokeApiKey(workspaceId: string, id: string, at: string): Promise<boolean>;
  /** Records that the key `id` was used at `at` (its `last_used_at`). */
  touchApiKey(id: string, at: string): Promise<void>;
}

export const keyRepoMethods = ['createApiKey', 'findApiKey', 'listApiKeys', 'revokeApiKey', 'touchApiKey'] as const satisfies readonly (keyof KeyRepo)[];
assertListed<AllListed<KeyRepo, (typeof keyRepoMethods)[number]>>(true);


/** One `Idempotency-Key` use: who, which operation, the key, and the fingerprint of the request it came with. */
export interface IdempotencyClaim {
  /** The operation's name: a key is scoped per workspace and operation. */
  operation: string;
  /** The caller's key (at most 255 characters). */
  key: string;
  /** SHA-256 of the request's input: the same key with another input is refused. */
  fingerprint: string;
  /** When the claim is made (ISO instant). */
  at: string;
  /** A stored use made before this instant has expired: it is replaced as if absent. */
  expiredBefore: string;
}

/** What a claim found: the key is now this caller's, still running elsewhere, used with another input, or answered. */
export type IdempotencyState =
  | { state: 'claimed' }
  | { state: 'in_progress' }
  | { state: 'reused' }
  | { state: 'done'; status: number; body: string };

/**
 * Idempotency keys of writes that move money (design.md, precise terms; Stripe's semantics).
 * `claimIdempotencyKey` is atomic: of two concurrent claims of one key, one is `claimed` and the
 * other sees `in_progress` (or `reused` when its input differs). `settleIdempotencyKey` stores the
 * answer (`status`, JSON `body`) for replays, or with `null` forgets the claim (the write failed,
 * so a retry runs it again).
 */
export interface IdempotencyRepo {
  claimIdempotencyKey(workspaceId: string, claim: IdempotencyClaim): Promise<IdempotencyState>;
  settleIdempotencyKey(workspaceId: string, operation: string, key: string, answer: { status: number; body: string } | null): Promise<void>;
}

export const idempotencyRepoMethods = ['claimIdempotencyKey', 'settleIdempotencyKey'] as const satisfies readonly (keyof IdempotencyRepo)[];
assertListed<AllListed<IdempotencyRepo, (typeof idempotencyRepoMethods)[number]>>(true);

/** A stored use's row as the state a second claim sees. */
export function idempotencyStateOf(row: { fingerprint: string; status: number | null; body: string | null }, fingerprint: string): IdempotencyState {
  if (row.fingerprint !== fingerprint) return { state: 'reused' };
  if (row.status === null || row.body === null) return { state: 'in_progress' };
  return { state: 'done', status: Number(row.status), body: row.body };
}
