import type { Kysely } from 'kysely';
import type { DocumentRepo } from '../ports/document-repo.js';
import type { MetadataTables } from './metadata-tables.js';
import { jsonColumn, jsonText, timestamp } from './metadata-rows.js';

/**
 * Metadata documents (experiments, segments, postback sources, …) as JSON by collection and id,
 * one set of queries for DuckDB and PostgreSQL. The body is checked to be JSON here; what a
 * document of a collection must hold is its reader's schema.
 */
export class KyselyDocumentRepo implements DocumentRepo {
  constructor(private readonly db: Kysely<MetadataTables>) {}

  async putDocument(workspaceId: string, collection: string, id: string, body: unknown): Promise<void> {
    await this.db.insertInto('documents')
      .values({ workspace_id: workspaceId, collection, id, body: JSON.stringify(body), updated_at: timestamp(new Date().toISOString()) })
      .onConflict((oc) => oc.columns(['workspace_id', 'collection', 'id']).doUpdateSet((eb) => ({ body: eb.ref('excluded.body'), updated_at: eb.ref('excluded.updated_at') })))
      .execute();
  }

  async getDocument<T>(workspaceId: string, collection: string, id: string): Promise<T | undefined> {
    const row = await this.db.selectFrom('documents').select(jsonColumn('body'))
      .where('workspace_id', '=', workspaceId).where('collection', '=', collection).where('id', '=', id)
      .executeTakeFirst();
    return row ? (jsonText(row.body, `documents ${collection}/${id}`, 'body') as T) : undefined;
  }

  async listDocuments<T>(workspaceId: string, collection: string): Promise<T[]> {
    const rows = await this.db.selectFrom('documents').select(['id', jsonColumn('body')])
      .where('workspace_id', '=', workspaceId).where('collection', '=', collection).orderBy('id')
      .execute();
    return rows.map((r) => jsonText(r.body, `documents ${collection}/${r.id}`, 'body') as T);
  }

  async deleteDocument(workspaceId: string, collection: string, id: string): Promise<boolean> {
    const res = await this.db.deleteFrom('documents')
      .where('workspace_id', '=', workspaceId).where('collection', '=', collection).where('id', '=', id)
      .executeTakeFirst();
    return res.numDeletedRows > 0n;
  }

  async documentWorkspaces(collection: string, id: string): Promise<string[]> {
    const rows = await this.db.selectFrom('documents').select('workspace_id')
      .where('collection', '=', collection).where('id', '=', id).orderBy('workspace_id')
      .execute();
    return rows.map((r) => r.workspace_id);
  }
}
