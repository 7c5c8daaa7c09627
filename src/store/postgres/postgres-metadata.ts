import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import { migrations } from './migrations.js';
import { invalidArgument } from '../../shared/errors.js';
import { metadataRepos, type MetadataRepos, type MetadataTables } from '../kysely/index.js';
import { KyselyLedgerRepo } from '../kysely/partners/ledger-repo.js';
import { KyselyPartnerRepo } from '../kysely/partners/partner-repo.js';

/** Where the metadata lives: a PostgreSQL URL and the schema (namespace) of this installation. */
export interface PostgresConfig {
  url: string;
  schema: string;
}

/**
 * The metadata half of the scale-out store on PostgreSQL: workspaces, settings,
 * documents, tracking links and channel rules, through the repositories the DuckDB
 * store uses too (`repos`). Every value is a bound parameter; the schema name is
 * checked once and set as the search path.
 */
export class PostgresMetadata {
  readonly repos: MetadataRepos;
  readonly partners: KyselyPartnerRepo;
  readonly ledger: KyselyLedgerRepo;

  private constructor(private readonly pool: pg.Pool, private readonly schema: string) {
    // The pool is ours to end (`close`): Kysely only borrows connections from it.
    const kysely = new Kysely<MetadataTables>({ dialect: new PostgresDialect({ pool }) });
    this.repos = metadataRepos(kysely);
    this.partners = new KyselyPartnerRepo(kysely);
    this.ledger = new KyselyLedgerRepo(kysely);
  }

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
}
