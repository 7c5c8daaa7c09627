/** A workspace's API key as stored (issue 15): never the key itself, only its SHA-256 and its visible prefix. */

/** `write`: a public write key (`rl_pub_…`) that only sends events; `secret`: a secret key (`rl_sk_…`) with scopes. */
export type ApiKeyKind = 'write' | 'secret';

export interface ApiKey {
  id: string;
  workspace_id: string;
  kind: ApiKeyKind;
  /** The first characters of the key (`rl_sk_3f9a1c`), shown in lists so people can tell keys apart. */
  prefix: string;
  /** What a secret key may do (`kpis:read`, `admin`); a write key's are `["events:write"]`. */
  scopes: string[];
  /** Origins a write key accepts browsers' events from (`https://shop.example`); empty: any origin. */
  allowed_origins: string[];
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}
