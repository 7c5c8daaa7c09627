import { DuckDBInstance } from '@duckdb/node-api';
import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, type CompiledQuery } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbDialect, metadataRepos, type MetadataRepos, type MetadataTables } from './index.js';
import { migrations } from '../duckdb/migrations.js';

/** The statements one pass over the repositories sends, in order. */
async function sampleCalls(repos: MetadataRepos): Promise<void> {
  await repos.settings.setSetting('k', 'v1');
  await repos.settings.getSetting('k');
  await repos.workspaces.getWorkspace('w');
  await repos.workspaces.updateWorkspace('w', { margin: '0.5', fallback_url: null });
  await repos.settings.getChannelRules('w');
  await repos.links.createLink('w', { slug: 's', destination: 'https://d.example/', utm: { source: 'news' }, disabled: false, created_at: '2026-03-01T10:00:00.000Z' });
  await repos.links.updateLink('w', 's', { disabled: true });
  await repos.links.listLinks('w', { after: 'a', limit: 2 });
  await repos.documents.deleteDocument('w', 'segments', 'x');
  await repos.idempotency.claimIdempotencyKey('w', { operation: 'pay', key: 'k1', fingerprint: 'fp', at: '2026-03-01T10:00:00.000Z', expiredBefore: '2026-02-28T10:00:00.000Z' });
}

const linkColumns = `"slug", "workspace_id", "destination", "channel", cast("utm" as text) as "utm", "disabled", "created_at", "updated_at", "deleted_at"`;

/** Written out by hand from DuckDB's SQL reference (ON CONFLICT, RETURNING, CAST); every parameter bound, none inlined. */
const expected: { sql: string; parameters: unknown[] }[] = [
  { sql: `insert into "settings" ("key", "value") values ($1, $2) on conflict ("key") do update set "value" = "excluded"."value"`, parameters: ['k', 'v1'] },
  { sql: `select "value" from "settings" where "key" = $1`, parameters: ['k'] },
  { sql: `select "id", "name", "currency", "timezone", "margin", "write_key", "fallback_url", "archived_at" from "workspaces" where "id" = $1`, parameters: ['w'] },
  { sql: `update "workspaces" set "margin" = $1, "fallback_url" = $2 where "id" = $3`, parameters: ['0.5', null, 'w'] },
  { sql: `select cast("channel_rules" as text) as "channel_rules" from "workspaces" where "id" = $1`, parameters: ['w'] },
  {
    sql: `insert into "links" ("slug", "workspace_id", "destination", "channel", "utm", "disabled", "created_at", "updated_at", "deleted_at") values ($1, $2, $3, $4, $5, $6, cast($7 as timestamptz), $8, $9) on conflict ("slug") do nothing returning "slug"`,
    parameters: ['s', 'w', 'https://d.example/', null, '{"source":"news"}', false, '2026-03-01T10:00:00.000Z', null, null],
  },
  {
    sql: `update "links" set "updated_at" = cast($1 as timestamptz), "disabled" = $2 where "workspace_id" = $3 and "slug" = $4 and "deleted_at" is null returning ${linkColumns}`,
    parameters: ['<now>', true, 'w', 's'],
  },
  {
    sql: `select ${linkColumns} from "links" where "workspace_id" = $1 and "deleted_at" is null and "slug" collate "C" > $2 order by "slug" collate "C" limit $3`,
    parameters: ['w', 'a', 2],
  },
  { sql: `delete from "documents" where "workspace_id" = $1 and "collection" = $2 and "id" = $3`, parameters: ['w', 'segments', 'x'] },
  {
    sql: `insert into "idempotency_keys" ("workspace_id", "operation", "key", "fingerprint", "created_at") values ($1, $2, $3, $4, cast($5 as timestamptz)) on conflict ("workspace_id", "operation", "key") do update set "fingerprint" = "excluded"."fingerprint", "created_at" = "excluded"."created_at", "status" = $6, "body" = $7 where "idempotency_keys"."created_at" < cast($8 as timestamptz) returning "key"`,
    parameters: ['w', 'pay', 'k1', 'fp', '2026-03-01T10:00:00.000Z', null, null, '2026-02-28T10:00:00.000Z'],
  },
];

/** `updated_at` is the clock's (today, not the 2026 instants the calls pass): compare its shape, not its value. */
function normalized(queries: CompiledQuery[]): { sql: string; parameters: unknown[] }[] {
  return queries.map((q) => ({
    sql: q.sql,
    parameters: q.parameters.map((p) => (typeof p === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(p) && !p.startsWith('2026-0') ? '<now>' : p)),
  }));
}

describe('Kysely over DuckDB (@duckdb/node-api)', () => {
  let instance: DuckDBInstance;
  const sent: CompiledQuery[] = [];
  let repos: MetadataRepos;

  beforeAll(async () => {
    instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    for (const m of migrations) await conn.run(m.sql);
    await conn.run(`INSERT INTO workspaces (id, name, currency, timezone, margin, write_key) VALUES ('w', 'W', 'EUR', 'UTC', '1', 'wk')`);
    const run = (sql: string, params: unknown[]) => conn.runAndReadAll(sql, params as never);
    const transaction = async <T>(fn: (statement: typeof run) => Promise<T>): Promise<T> => {
      await conn.run('BEGIN TRANSACTION');
      try {
        const out = await fn(run);
        await conn.run('COMMIT');
        return out;
      } catch (err) {
        await conn.run('ROLLBACK');
        throw err;
      }
    };
    repos = metadataRepos(new Kysely<MetadataTables>({ dialect: new DuckDbDialect({ read: run, write: run, transaction }), log: (e) => void sent.push(e.query) }));
  });
  afterAll(() => instance.closeSync());

  it('compiles each repository query to the exact SQL written above, and DuckDB runs it', async () => {
    await sampleCalls(repos);
    expect(normalized(sent)).toEqual(expected);
  });

  it('answers rows, RETURNING rows and affected-row counts', async () => {
    expect(await repos.settings.getSetting('k')).toBe('v1');
    expect((await repos.workspaces.getWorkspace('w'))?.margin).toBe('0.5');
    expect(await repos.links.createLink('w', { slug: 's', destination: 'https://e.example/', utm: {}, disabled: false, created_at: '2026-03-02T00:00:00.000Z' })).toBe(false);
    expect(await repos.links.getLink('w', 's')).toMatchObject({ destination: 'https://d.example/', disabled: true, utm: { source: 'news' }, created_at: '2026-03-01T10:00:00.000Z' });
    await repos.documents.putDocument('w', 'segments', 'x', { rules: [] });
    expect(await repos.documents.deleteDocument('w', 'segments', 'x')).toBe(true);
    expect(await repos.documents.deleteDocument('w', 'segments', 'x')).toBe(false);
    expect(await repos.links.deleteLink('w', 's')).toBe(true);
    expect(await repos.links.deleteLink('w', 's')).toBe(false);
  });

  it('sends PostgreSQL the same statements: one set of queries, two engines', async () => {
    const pgSent: CompiledQuery[] = [];
    const pgDialect = {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new DummyDriver(),
      createQueryCompiler: () => new PostgresQueryCompiler(),
      createIntrospector: (db: Kysely<unknown>) => new PostgresIntrospector(db),
    };
    await sampleCalls(metadataRepos(new Kysely<MetadataTables>({ dialect: pgDialect, log: (e) => void pgSent.push(e.query) })));
    // With no database behind it the claim finds no row and tries again (insert, select, twice): the first statements are the list.
    expect(normalized(pgSent.slice(0, expected.length))).toEqual(expected);
    expect(pgSent.slice(expected.length).map((q) => q.sql.split(' ')[0])).toEqual(['select', 'insert', 'select']);
  });
});
