import type { Kysely } from 'kysely';
import type { ApiKey } from '../../records/api-keys.js';
import { apiKeyRecord } from '../../records/metadata-schemas.js';
import type { KeyRepo } from '../ports/keys-and-idempotency.js';
import type { MetadataTables } from './metadata-tables.js';
import { instant, isoOf, jsonColumn, jsonText, recordOf, timestamp } from './metadata-rows.js';

const columns = ['id', 'workspace_id', 'kind', 'prefix', jsonColumn('scopes'), jsonColumn('allowed_origins'), 'created_at', 'last_used_at', 'revoked_at'] as const;

type Row = { id: string; workspace_id: string; kind: string; prefix: string; scopes: string; allowed_origins: string; created_at: Date; last_used_at: Date | null; revoked_at: Date | null };

function keyOf(r: Row): ApiKey {
  const where = `api_keys id=${r.id}`;
  return recordOf(apiKeyRecord, {
    id: r.id, workspace_id: r.workspace_id, kind: r.kind, prefix: r.prefix,
    scopes: jsonText(r.scopes, where, 'scopes'), allowed_origins: jsonText(r.allowed_origins, where, 'allowed_origins'),
    created_at: isoOf(r.created_at), last_used_at: isoOf(r.last_used_at) ?? null, revoked_at: isoOf(r.revoked_at) ?? null,
  }, where);
}

/** API keys (see `KeyRepo`), one set of queries for DuckDB and PostgreSQL. */
export class KyselyKeyRepo implements KeyRepo {
  constructor(private readonly db: Kysely<MetadataTables>) {}

  async createApiKey(key: ApiKey, hash: string): Promise<void> {
    await this.db.insertInto('api_keys').values({
      id: key.id, workspace_id: key.workspace_id, kind: key.kind, prefix: key.prefix, hash,
      scopes: JSON.stringify(key.scopes), allowed_origins: JSON.stringify(key.allowed_origins), created_at: timestamp(key.created_at),
    }).execute();
  }

  async findApiKey(hash: string): Promise<ApiKey | undefined> {
    const row = await this.db.selectFrom('api_keys').select(columns).where('hash', '=', hash).executeTakeFirst();
    return row && keyOf(row);
  }

  async listApiKeys(workspaceId: string): Promise<ApiKey[]> {
    const rows = await this.db.selectFrom('api_keys').select(columns).where('workspace_id', '=', workspaceId).orderBy('created_at').orderBy('id').execute();
    return rows.map(keyOf);
  }

  async revokeApiKey(workspaceId: string, id: string, at: string): Promise<boolean> {
    const row = await this.db.selectFrom('api_keys').select(['id', 'revoked_at']).where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
    if (!row) return false;
    if (row.revoked_at === null) await this.db.updateTable('api_keys').set({ revoked_at: timestamp(at) }).where('id', '=', id).execute();
    return true;
  }

  async touchApiKey(id: string, at: string): Promise<void> {
    await this.db.updateTable('api_keys').set({ last_used_at: timestamp(at) }).where('id', '=', id)
      .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', instant(at))])).execute();
  }
}
