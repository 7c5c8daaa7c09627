import pg from 'pg';
import type { ChannelRule } from '../../ingest/channel-rules.js';
import type { TrackingLink, Workspace } from '../store.js';
import { migrations } from './migrations.js';

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
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(config.schema)) throw new Error(`not a plain PostgreSQL schema name: ${config.schema}`);
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
    return (await this.pool.query<Workspace>(`SELECT id, name, currency, timezone, margin, write_key FROM workspaces WHERE id = $1`, [id])).rows[0];
  }

  async findWorkspaceByWriteKey(key: string): Promise<Workspace | undefined> {
    return (await this.pool.query<Workspace>(`SELECT id, name, currency, timezone, margin, write_key FROM workspaces WHERE write_key = $1`, [key])).rows[0];
  }

  async updateWorkspace(id: string, patch: Partial<Omit<Workspace, 'id'>>): Promise<void> {
    const allowed = ['name', 'currency', 'timezone', 'margin', 'write_key'] as const;
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

  async saveLink(workspaceId: string, link: TrackingLink): Promise<void> {
    await this.pool.query(
      `INSERT INTO links (workspace_id, slug, destination, channel, utm, created_at) VALUES ($1, $2, $3, $4, $5::jsonb, $6::timestamptz)
       ON CONFLICT (workspace_id, slug) DO UPDATE SET destination = EXCLUDED.destination, channel = EXCLUDED.channel, utm = EXCLUDED.utm, created_at = EXCLUDED.created_at`,
      [workspaceId, link.slug, link.destination, link.channel ?? null, JSON.stringify(link.utm), link.created_at],
    );
  }

  async getLink(workspaceId: string, slug: string): Promise<TrackingLink | undefined> {
    return (await this.links(workspaceId, slug))[0];
  }

  async listLinks(workspaceId: string): Promise<TrackingLink[]> {
    return this.links(workspaceId, null);
  }

  private async links(workspaceId: string, slug: string | null): Promise<TrackingLink[]> {
    const rows = (await this.pool.query<{ slug: string; destination: string; channel: string | null; utm: TrackingLink['utm']; created_at: Date }>(
      `SELECT slug, destination, channel, utm, created_at FROM links WHERE workspace_id = $1 AND ($2::text IS NULL OR slug = $2) ORDER BY slug`,
      [workspaceId, slug],
    )).rows;
    return rows.map((r) => ({ slug: r.slug, destination: r.destination, channel: r.channel ?? undefined, utm: r.utm, created_at: r.created_at.toISOString() }));
  }
}
