import pg from 'pg';
import { idempotencyStateOf, type IdempotencyClaim, type IdempotencyState } from '../ports/idempotency-repo.js';
import type { ChannelRule } from '../../records/channel-rule.js';
import type { ResolvedLink, TrackingLink, TrackingLinkPatch, Workspace } from '../../records/workspace.js';
import { migrations } from './migrations.js';
import { invalidArgument } from '../../shared/errors.js';

/** Where the metadata lives: a PostgreSQL URL and the schema (namespace) of this installation. */
export interface PostgresConfig {
  url: string;
  schema: string;
}

/**
 * The metadata half of the scale-out store on PostgreSQL: workspaces, settings,
 * documents, tracking links and channel rules. Every value is a bound
 * parameter; the schema name is checked once and set as the search path.
 */
export class PostgresMetadata {
  private constructor(private readonly pool: pg.Pool, private readonly schema: string) {}

  /** Connects (a small pool) and creates the schema when missing; call `migrate` next. */
  static async open(config: PostgresConfig): Promise<PostgresMetadata> {
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(config.schema)) throw invalidArgument('schema', `not a plain PostgreSQL schema name: ${config.schema}`);
    const pool = new pg.Pool({ connectionString: config.url, max: 4, options: `-c search_path=${config.schema}` });
    await pool.query(`CREATE SCHEMA IF NOT EXISTS ${config.schema}`);
    return new PostgresMetadata(pool, config.schema);
  }

  async migrate(): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      // One migrator at a time per schema.
      await client.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`roilens-migrate:${this.schema}`]);
      await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`);
      const done = new Set((await client.query<{ version: number }>(`SELECT version FROM schema_migrations`)).rows.map((r) => r.version));
      for (const m of migrations) {
        if (done.has(m.version)) continue;
        await client.query(m.sql);
        await client.query(`INSERT INTO schema_migrations (version, name) VALUES ($1, $2)`, [m.version, m.name]);
      }
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK');
      throw err;
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  /** Drops the schema and everything in it (tests). */
  async dropSchema(): Promise<void> {
    await this.pool.query(`DROP SCHEMA IF EXISTS ${this.schema} CASCADE`);
  }

  async getSetting(key: string): Promise<string | undefined> {
    return (await this.pool.query<{ value: string }>(`SELECT value FROM settings WHERE key = $1`, [key])).rows[0]?.value;
  }

  async setSetting(key: string, value: string): Promise<void> {
    await this.pool.query(`INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`, [key, value]);
  }

  async ensureWorkspace(ws: Workspace): Promise<Workspace> {
    await this.pool.query(
      `INSERT INTO workspaces (id, name, currency, timezone, margin, write_key) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING`,
      [ws.id, ws.name, ws.currency, ws.timezone, ws.margin, ws.write_key],
    );
    return (await this.getWorkspace(ws.id))!;
  }

  async getWorkspace(id: string): Promise<Workspace | undefined> {
    return (await this.pool.query<Workspace>(`SELECT id, name, currency, timezone, margin, write_key, fallback_url FROM workspaces WHERE id = $1`, [id])).rows[0];
  }

  async findWorkspaceByWriteKey(key: string): Promise<Workspace | undefined> {
    return (await this.pool.query<Workspace>(`SELECT id, name, currency, timezone, margin, write_key, fallback_url FROM workspaces WHERE write_key = $1`, [key])).rows[0];
  }

  async updateWorkspace(id: string, patch: Partial<Omit<Workspace, 'id'>>): Promise<void> {
    const allowed = ['name', 'currency', 'timezone', 'margin', 'write_key', 'fallback_url'] as const;
    const sets = allowed.filter((k) => patch[k] !== undefined);
    if (sets.length === 0) return;
    await this.pool.query(`UPDATE workspaces SET ${sets.map((k, i) => `${k} = $${i + 2}`).join(', ')} WHERE id = $1`, [id, ...sets.map((k) => patch[k])]);
  }

  async getChannelRules(workspaceId: string): Promise<ChannelRule[] | undefined> {
    const row = (await this.pool.query<{ channel_rules: ChannelRule[] | null }>(`SELECT channel_rules FROM workspaces WHERE id = $1`, [workspaceId])).rows[0];
    return row?.channel_rules ?? undefined;
  }

  async saveChannelRules(workspaceId: string, rules: ChannelRule[]): Promise<void> {
    await this.pool.query(`UPDATE workspaces SET channel_rules = $2::jsonb WHERE id = $1`, [workspaceId, JSON.stringify(rules)]);
  }

  async putDocument(workspaceId: string, collection: string, id: string, body: unknown): Promise<void> {
    await this.pool.query(
      `INSERT INTO documents (workspace_id, collection, id, body, updated_at) VALUES ($1, $2, $3, $4::jsonb, now())
       ON CONFLICT (workspace_id, collection, id) DO UPDATE SET body = EXCLUDED.body, updated_at = now()`,
      [workspaceId, collection, id, JSON.stringify(body)],
    );
  }

  async getDocument<T>(workspaceId: string, collection: string, id: string): Promise<T | undefined> {
    const row = (await this.pool.query<{ body: string }>(`SELECT body::text AS body FROM documents WHERE workspace_id = $1 AND collection = $2 AND id = $3`, [workspaceId, collection, id])).rows[0];
    return row ? (JSON.parse(row.body) as T) : undefined;
  }

  async listDocuments<T>(workspaceId: string, collection: string): Promise<T[]> {
    const rows = (await this.pool.query<{ body: string }>(`SELECT body::text AS body FROM documents WHERE workspace_id = $1 AND collection = $2 ORDER BY id`, [workspaceId, collection])).rows;
    return rows.map((r) => JSON.parse(r.body) as T);
  }

  async deleteDocument(workspaceId: string, collection: string, id: string): Promise<boolean> {
    const res = await this.pool.query(`DELETE FROM documents WHERE workspace_id = $1 AND collection = $2 AND id = $3`, [workspaceId, collection, id]);
    return (res.rowCount ?? 0) > 0;
  }

  async claimIdempotencyKey(workspaceId: string, claim: IdempotencyClaim): Promise<IdempotencyState> {
    const key = [workspaceId, claim.operation, claim.key];
    // Atomic: a new key or an expired one is this caller's; a live one is only read.
    for (let attempt = 0; attempt < 2; attempt++) {
      const taken = await this.pool.query(
        `INSERT INTO idempotency_keys (workspace_id, operation, key, fingerprint, created_at) VALUES ($1, $2, $3, $4, $5::timestamptz)
         ON CONFLICT (workspace_id, operation, key) DO UPDATE SET fingerprint = EXCLUDED.fingerprint, created_at = EXCLUDED.created_at, status = NULL, body = NULL
         WHERE idempotency_keys.created_at < $6::timestamptz RETURNING key`,
        [...key, claim.fingerprint, claim.at, claim.expiredBefore],
      );
      if ((taken.rowCount ?? 0) === 1) return { state: 'claimed' };
      const [row] = (await this.pool.query<{ fingerprint: string; status: number | null; body: string | null }>(`SELECT fingerprint, status, body FROM idempotency_keys WHERE workspace_id = $1 AND operation = $2 AND key = $3`, key)).rows;
      // Forgotten between the two statements (its write failed): claim again.
      if (row) return idempotencyStateOf(row, claim.fingerprint);
    }
    return { state: 'in_progress' };
  }

  async settleIdempotencyKey(workspaceId: string, operation: string, key: string, answer: { status: number; body: string } | null): Promise<void> {
    const where = `WHERE workspace_id = $1 AND operation = $2 AND key = $3`;
    if (answer) await this.pool.query(`UPDATE idempotency_keys SET status = $4, body = $5 ${where}`, [workspaceId, operation, key, answer.status, answer.body]);
    else await this.pool.query(`DELETE FROM idempotency_keys ${where}`, [workspaceId, operation, key]);
  }

  async createLink(workspaceId: string, link: TrackingLink & { deleted_at?: string }): Promise<boolean> {
    const res = await this.pool.query(
      `INSERT INTO links (slug, workspace_id, destination, channel, utm, disabled, created_at, updated_at, deleted_at)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7::timestamptz, $8::timestamptz, $9::timestamptz) ON CONFLICT (slug) DO NOTHING`,
      [link.slug, workspaceId, link.destination, link.channel ?? null, JSON.stringify(link.utm), link.disabled, link.created_at, link.updated_at ?? null, link.deleted_at ?? null],
    );
    return (res.rowCount ?? 0) === 1;
  }

  async getLink(workspaceId: string, slug: string): Promise<TrackingLink | undefined> {
    const rows = (await this.pool.query<LinkRow>(`SELECT ${linkColumns} FROM links WHERE workspace_id = $1 AND slug = $2 AND deleted_at IS NULL`, [workspaceId, slug])).rows;
    return rows[0] ? rowToLink(rows[0]) : undefined;
  }

  async listLinks(workspaceId: string, page: { after?: string; limit?: number } = {}): Promise<TrackingLink[]> {
    // COLLATE "C": byte order, the order the other engines and the cursor use (not the database's locale).
    return (
      await this.pool.query<LinkRow>(
        `SELECT ${linkColumns} FROM links WHERE workspace_id = $1 AND deleted_at IS NULL AND slug COLLATE "C" > $2 ORDER BY slug COLLATE "C" LIMIT $3`,
        [workspaceId, page.after ?? '', page.limit ?? null],
      )
    ).rows.map(rowToLink);
  }

  async updateLink(workspaceId: string, slug: string, patch: TrackingLinkPatch): Promise<TrackingLink | undefined> {
    const values: [string, unknown][] = [];
    if (patch.destination !== undefined) values.push(['destination', patch.destination]);
    if (patch.channel !== undefined) values.push(['channel', patch.channel]);
    if (patch.utm !== undefined) values.push(['utm', JSON.stringify(patch.utm)]);
    if (patch.disabled !== undefined) values.push(['disabled', patch.disabled]);
    const sets = ['updated_at = now()', ...values.map(([k], i) => `${k} = $${i + 3}${k === 'utm' ? '::jsonb' : ''}`)].join(', ');
    const res = await this.pool.query<LinkRow>(
      `UPDATE links SET ${sets} WHERE workspace_id = $1 AND slug = $2 AND deleted_at IS NULL RETURNING ${linkColumns}`,
      [workspaceId, slug, ...values.map(([, v]) => v)],
    );
    return res.rows[0] ? rowToLink(res.rows[0]) : undefined;
  }

  async deleteLink(workspaceId: string, slug: string): Promise<boolean> {
    const res = await this.pool.query(`UPDATE links SET deleted_at = now() WHERE workspace_id = $1 AND slug = $2 AND deleted_at IS NULL`, [workspaceId, slug]);
    return (res.rowCount ?? 0) > 0;
  }

  async resolveLink(slug: string): Promise<ResolvedLink | undefined> {
    const r = (await this.pool.query<LinkRow>(`SELECT ${linkColumns} FROM links WHERE slug = $1`, [slug])).rows[0];
    return r ? { workspace_id: r.workspace_id, link: rowToLink(r), deleted: r.deleted_at !== null } : undefined;
  }
}

const linkColumns = 'slug, workspace_id, destination, channel, utm, disabled, created_at, updated_at, deleted_at';

interface LinkRow {
  slug: string;
  workspace_id: string;
  destination: string;
  channel: string | null;
  utm: TrackingLink['utm'];
  disabled: boolean;
  created_at: Date;
  updated_at: Date | null;
  deleted_at: Date | null;
}

function rowToLink(r: LinkRow): TrackingLink {
  return {
    slug: r.slug, destination: r.destination, ...(r.channel ? { channel: r.channel } : {}), utm: r.utm, disabled: r.disabled,
    created_at: r.created_at.toISOString(), ...(r.updated_at ? { updated_at: r.updated_at.toISOString() } : {}),
  };
}
