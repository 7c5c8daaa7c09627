import type { Kysely } from 'kysely';
import type { ShareLink } from '../../records/audit.js';
import { shareLinkRecord } from '../../records/metadata-schemas.js';
import type { ShareLinkRepo } from '../ports/audit-and-share-links.js';
import type { MetadataTables } from './metadata-tables.js';
import { isoOf, jsonText, recordOf, timestamp } from './metadata-rows.js';

const columns = ['id', 'workspace_id', 'view', 'params', 'prefix', 'created_at', 'expires_at', 'revoked_at'] as const;

type Row = { id: string; workspace_id: string; view: string; params: string; prefix: string; created_at: Date; expires_at: Date; revoked_at: Date | null };

function linkOf(r: Row): ShareLink {
  const where = `share_links id=${r.id}`;
  return recordOf(shareLinkRecord, {
    ...r, params: jsonText(r.params, where, 'params'), created_at: isoOf(r.created_at), expires_at: isoOf(r.expires_at), revoked_at: isoOf(r.revoked_at) ?? null,
  }, where);
}

/** Share links (see `ShareLinkRepo`), one set of queries for DuckDB and PostgreSQL. */
export class KyselyShareLinkRepo implements ShareLinkRepo {
  constructor(private readonly db: Kysely<MetadataTables>) {}

  async createShareLink(link: ShareLink, hash: string): Promise<void> {
    await this.db.insertInto('share_links').values({
      id: link.id, workspace_id: link.workspace_id, view: link.view, params: JSON.stringify(link.params), prefix: link.prefix, hash,
      created_at: timestamp(link.created_at), expires_at: timestamp(link.expires_at),
    }).execute();
  }

  async findShareLink(hash: string): Promise<ShareLink | undefined> {
    const row = await this.db.selectFrom('share_links').select(columns).where('hash', '=', hash).executeTakeFirst();
    return row && linkOf(row);
  }

  async listShareLinks(workspaceId: string): Promise<ShareLink[]> {
    const rows = await this.db.selectFrom('share_links').select(columns).where('workspace_id', '=', workspaceId).orderBy('created_at', 'desc').orderBy('id').execute();
    return rows.map(linkOf);
  }

  async revokeShareLink(workspaceId: string, id: string, at: string): Promise<boolean> {
    const row = await this.db.selectFrom('share_links').select(['id', 'revoked_at']).where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
    if (!row) return false;
    if (row.revoked_at === null) await this.db.updateTable('share_links').set({ revoked_at: timestamp(at) }).where('id', '=', id).execute();
    return true;
  }
}
