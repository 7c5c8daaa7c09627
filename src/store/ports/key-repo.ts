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
