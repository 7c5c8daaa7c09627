import { sql, type Kysely } from 'kysely';
import { trackingLinkRecord } from '../../records/metadata-schemas.js';
import type { ResolvedLink, TrackingLink, TrackingLinkPatch } from '../../records/workspace.js';
import type { LinkRepo } from '../ports/link-repo.js';
import type { MetadataTables } from './metadata-tables.js';
import { isoOf, jsonColumn, jsonText, recordOf, timestamp } from './metadata-rows.js';

/** The columns `linkOf` reads. */
export const linkColumns = ['slug', 'workspace_id', 'destination', 'channel', jsonColumn('utm'), 'disabled', 'created_at', 'updated_at', 'deleted_at'] as const;

interface LinkRow {
  slug: string;
  workspace_id: string;
  destination: string;
  channel: string | null;
  utm: string;
  disabled: boolean;
  created_at: Date;
  updated_at: Date | null;
  deleted_at: Date | null;
}

/** Tracking links (see `LinkRepo` for the slug rules), one set of queries for DuckDB and PostgreSQL. */
export class KyselyLinkRepo implements LinkRepo {
  constructor(private readonly db: Kysely<MetadataTables>) {}

  async createLink(workspaceId: string, link: TrackingLink & { deleted_at?: string }): Promise<boolean> {
    const rows = await this.db.insertInto('links')
      .values({
        slug: link.slug, workspace_id: workspaceId, destination: link.destination, channel: link.channel ?? null, utm: JSON.stringify(link.utm),
        disabled: link.disabled, created_at: timestamp(link.created_at),
        updated_at: link.updated_at ? timestamp(link.updated_at) : null, deleted_at: link.deleted_at ? timestamp(link.deleted_at) : null,
      })
      .onConflict((oc) => oc.column('slug').doNothing())
      .returning('slug')
      .execute();
    return rows.length === 1;
  }

  async getLink(workspaceId: string, slug: string): Promise<TrackingLink | undefined> {
    const row = await this.db.selectFrom('links').select(linkColumns)
      .where('workspace_id', '=', workspaceId).where('slug', '=', slug).where('deleted_at', 'is', null)
      .executeTakeFirst();
    return row && linkOf(row);
  }

  /** The workspace's links in slug byte order (`collate "C"` on both engines, whatever the database's locale), one page when asked. */
  async listLinks(workspaceId: string, page: { after?: string; limit?: number } = {}): Promise<TrackingLink[]> {
    const slugBytes = sql<string>`${sql.ref('slug')} collate "C"`;
    const rows = await this.db.selectFrom('links').select(linkColumns)
      .where('workspace_id', '=', workspaceId).where('deleted_at', 'is', null).where(slugBytes, '>', page.after ?? '')
      .orderBy(slugBytes)
      .$if(page.limit !== undefined, (q) => q.limit(page.limit!))
      .execute();
    return rows.map(linkOf);
  }

  async updateLink(workspaceId: string, slug: string, patch: TrackingLinkPatch): Promise<TrackingLink | undefined> {
    const row = await this.db.updateTable('links')
      .set({
        updated_at: timestamp(new Date().toISOString()),
        ...(patch.destination !== undefined ? { destination: patch.destination } : {}),
        ...(patch.channel !== undefined ? { channel: patch.channel } : {}),
        ...(patch.utm !== undefined ? { utm: JSON.stringify(patch.utm) } : {}),
        ...(patch.disabled !== undefined ? { disabled: patch.disabled } : {}),
      })
      .where('workspace_id', '=', workspaceId).where('slug', '=', slug).where('deleted_at', 'is', null)
      .returning(linkColumns)
      .executeTakeFirst();
    return row && linkOf(row);
  }

  async deleteLink(workspaceId: string, slug: string): Promise<boolean> {
    const res = await this.db.updateTable('links').set({ deleted_at: timestamp(new Date().toISOString()) })
      .where('workspace_id', '=', workspaceId).where('slug', '=', slug).where('deleted_at', 'is', null)
      .executeTakeFirst();
    return res.numUpdatedRows > 0n;
  }

  async resolveLink(slug: string): Promise<ResolvedLink | undefined> {
    const row = await this.db.selectFrom('links').select(linkColumns).where('slug', '=', slug).executeTakeFirst();
    return row && { workspace_id: row.workspace_id, link: linkOf(row), deleted: row.deleted_at !== null };
  }
}

/** A stored row as a link, checked against the record schema (the workspace and deletion time are the caller's business). */
export function linkOf(r: LinkRow): TrackingLink {
  const where = `links slug=${r.slug}`;
  const updated = isoOf(r.updated_at);
  return recordOf(trackingLinkRecord, {
    slug: r.slug, destination: r.destination, ...(r.channel !== null ? { channel: r.channel } : {}), utm: jsonText(r.utm, where, 'utm'),
    disabled: r.disabled, created_at: isoOf(r.created_at), ...(updated !== undefined ? { updated_at: updated } : {}),
  }, where);
}
