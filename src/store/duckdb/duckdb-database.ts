import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { DuckDBInstance, type DuckDBConnection, type DuckDBMaterializedResult, type DuckDBValue } from '@duckdb/node-api';
import { duckdbReaders } from '../../config/config.js';
import { stoppable } from '../../shared/cancellation.js';
import { AppError } from '../../shared/errors.js';
import type { DuckDbRunner } from '../kysely/index.js';
import { migrations } from './migrations.js';
import { sqlString } from './sql-literal.js';

export type Params = Record<string, DuckDBValue>;

/** The write connection inside a transaction (see `DuckDbDatabase.transaction`). */
export interface DuckDbTx {
  run(sql: string, params?: Params): Promise<DuckDBMaterializedResult>;
  rows<T>(sql: string, params?: Params): Promise<T[]>;
  /** Inserts rows through a VALUES list cast to the column types. */
  insertMany(insert: string, types: string[], rows: (string | number | boolean | null)[][]): Promise<void>;
}

/**
 * One DuckDB file and its connections: writes run one at a time on the write connection (under a
 * lock), reads on a small pool of read connections, several at once (issue 14: two slow pages answer
 * side by side). A read whose request was cancelled (`../../shared/cancellation.ts`) interrupts its
 * connection. `compact` rewrites the file and reopens it; reads wait while it does, and it waits for reads.
 */
export class DuckDbDatabase {
  private readonly writeLock = new Mutex();
  /** The side writer's connection (opened at its first use) and lock (`sideTransaction`). */
  private sideConn?: DuckDBConnection;
  private readonly sideLock = new Mutex();
  /** Reads running or waiting for a read connection, and the compaction that replaces them (see `read`). */
  private reading = 0;
  /** Read connections not in use, and reads waiting for one (first come, first served). */
  private idle: DuckDBConnection[];
  private readonly waiting: ((c: DuckDBConnection) => void)[] = [];
  private compacting?: Promise<void>;
  /** How Kysely's DuckDB dialect runs a statement here (../kysely). */
  readonly runner: DuckDbRunner;

  private constructor(
    // Not readonly: `compact` reopens the rewritten file.
    private instance: DuckDBInstance,
    private conn: DuckDBConnection,
    private readers: DuckDBConnection[],
    readonly path: string,
    private readonly openOptions: Record<string, string>,
  ) {
    this.idle = [...readers];
    this.runner = {
      read: (sql, params) => this.read((c) => c.runAndReadAll(sql, bound(params))),
      write: (sql, params) => this.writeLock.run(() => this.conn.runAndReadAll(sql, bound(params))),
      transaction: (fn) => this.transaction(() => fn((sql, params) => this.conn.runAndReadAll(sql, bound(params)))),
    };
  }

  /**
   * Opens (creating when missing) the database file, `:memory:` for tests, and brings its schema up to
   * date; `readers` read connections (default `ROILENS_DUCKDB_READERS`, see `duckdbReaders`).
   */
  static async open(path: string, opts: { memoryLimit?: string; readers?: number } = {}): Promise<DuckDbDatabase> {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    let instance: DuckDBInstance;
    const openOptions: Record<string, string> = opts.memoryLimit ? { memory_limit: opts.memoryLimit } : {};
    try {
      instance = await DuckDBInstance.create(path, openOptions);
    } catch (err) {
      const message = (err as Error).message;
      if (/lock/i.test(message)) {
        throw new AppError('unavailable', `the database ${path} is in use by another roilens process (${message.split('\n')[0]})`);
      }
      throw err;
    }
    const readers = await connectReaders(instance, opts.readers ?? duckdbReaders());
    const db = new DuckDbDatabase(instance, await instance.connect(), readers, path, openOptions);
    await db.migrate();
    return db;
  }

  /** Applies the migrations not applied yet, each in its own transaction. */
  async migrate(): Promise<void> {
    await this.conn.run(`CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP DEFAULT now())`);
    const done = new Set((await this.rows<{ version: number }>(`SELECT version FROM schema_migrations`)).map((r) => Number(r.version)));
    for (const m of migrations) {
      if (done.has(m.version)) continue;
      await this.conn.run('BEGIN TRANSACTION');
      try {
        await this.conn.run(m.sql);
        await this.conn.run(`INSERT INTO schema_migrations (version, name) VALUES ($v, $n)`, { v: m.version, n: m.name });
        await this.conn.run('COMMIT');
      } catch (err) {
        await this.conn.run('ROLLBACK');
        throw err;
      }
    }
  }

  async close(): Promise<void> {
    await this.bothWriters(async () => {
      await this.conn.run('CHECKPOINT').catch(() => undefined);
      this.sideConn?.closeSync();
      for (const c of this.readers) c.closeSync();
      this.conn.closeSync();
      this.instance.closeSync();
    });
  }

  /** A connection of its own (the exporter's), to close when done. */
  connect(): Promise<DuckDBConnection> {
    return this.instance.connect();
  }

  /**
   * Rewrites the database file so deleted rows leave no bytes behind (DuckDB only marks them
   * free; `VACUUM` does not reclaim them): CHECKPOINT, `COPY FROM DATABASE` into a fresh file,
   * then the fresh file replaces the old one and the store reopens it. Reads and writes wait
   * meanwhile. An in-memory store has no file: it answers false.
   */
  async compact(): Promise<boolean> {
    if (this.path === ':memory:') return false;
    await this.bothWriters(async () => {
      let done!: () => void;
      this.compacting = new Promise((resolve) => (done = resolve));
      try {
        while (this.reading > 0) await new Promise((resolve) => setTimeout(resolve, 5));
        await this.rewriteFile();
      } finally {
        this.compacting = undefined;
        done();
      }
    });
    return true;
  }

  private async rewriteFile(): Promise<void> {
    await this.conn.run('CHECKPOINT');
    const fresh = `${this.path}.compact-${process.pid}`;
    rmSync(fresh, { force: true });
    rmSync(`${fresh}.wal`, { force: true });
    const current = String((await this.conn.runAndReadAll(`SELECT current_database()`)).getRows()[0][0]);
    await this.conn.run(`ATTACH ${sqlString(fresh)} AS roilens_compact`);
    try {
      await this.conn.run(`COPY FROM DATABASE "${current.replace(/"/g, '""')}" TO roilens_compact`);
    } finally {
      await this.conn.run(`DETACH roilens_compact`);
    }
    for (const c of this.readers) c.closeSync();
    this.sideConn?.closeSync();
    this.sideConn = undefined;
    this.conn.closeSync();
    this.instance.closeSync();
    renameSync(fresh, this.path);
    rmSync(`${this.path}.wal`, { force: true });
    this.instance = await DuckDBInstance.create(this.path, this.openOptions);
    this.conn = await this.instance.connect();
    // No read holds a connection now (`compact` waited for them): the fresh pool replaces the old whole.
    this.readers = await connectReaders(this.instance, this.readers.length);
    this.idle = [...this.readers];
  }

  /** The rows of a read, as JavaScript values. */
  async rows<T>(sql: string, params: Params = {}): Promise<T[]> {
    const reader = await this.read((c) => c.runAndReadAll(sql, bound(params)));
    return reader.getRowObjectsJS() as unknown as T[];
  }

  /** The first column of the first row of a read (a BIGINT as a number). */
  async scalar<T = unknown>(sql: string, params: Params = {}): Promise<T> {
    const reader = await this.read((c) => c.runAndReadAll(sql, bound(params)));
    const v = reader.getRows()[0]?.[0];
    return (typeof v === 'bigint' ? Number(v) : v) as T;
  }

  /**
   * Runs a read and hands its rows to `each` as JavaScript column values, `sliceRows` rows at a
   * time: result chunks are fetched asynchronously and the event loop runs between slices too, so
   * no slice holds it for long (issue 12 #7).
   */
  async eachChunk(sql: string, params: Params, each: (column: <T>(name: string) => T[]) => void, sliceRows = 256): Promise<void> {
    await this.read(async (c) => {
      const result = await c.run(sql, bound(params));
      const index = new Map(result.columnNames().map((name, i) => [name, i]));
      for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
        const current = chunk;
        for (let from = 0; from < current.rowCount; from += sliceRows) {
          if (from > 0) await new Promise<void>((resolve) => setImmediate(resolve));
          const to = Math.min(current.rowCount, from + sliceRows);
          each(<T>(name: string) => {
            const vector = current.getColumnVector(index.get(name)!);
            const values: T[] = [];
            for (let row = from; row < to; row++) values.push(vector.getItem(row) as T);
            return values;
          });
        }
      }
    });
  }

  /** Runs one write statement on the write connection, under the write lock. */
  async write(sql: string, params: Params = {}): Promise<DuckDBMaterializedResult> {
    return this.writeLock.run(() => this.conn.run(sql, bound(params)));
  }

  /** Runs `fn` in a transaction on the write connection, under the write lock; rolls back when it throws. */
  async transaction<T>(fn: (tx: DuckDbTx) => Promise<T>): Promise<T> {
    return this.writeLock.run(() => inTransaction(this.conn, fn));
  }

  /**
   * Runs `fn` in a transaction on a second write connection, beside the write connection's: for
   * derived data (the KPI rollups) whose long refresh must not hold up inserts (issue 14). Each
   * transaction reads its own snapshot, so this one sees none of what the other commits meanwhile;
   * and two transactions must not update or delete the same rows (DuckDB fails the later commit),
   * so callers keep to tables whose rows only side transactions update or delete.
   */
  async sideTransaction<T>(fn: (tx: DuckDbTx) => Promise<T>): Promise<T> {
    return this.sideLock.run(async () => {
      this.sideConn ??= await this.instance.connect();
      return inTransaction(this.sideConn, fn);
    });
  }

  /** Runs `fn` with both writers stopped (closing or replacing the connections). */
  private bothWriters<T>(fn: () => Promise<T>): Promise<T> {
    return this.writeLock.run(() => this.sideLock.run(fn));
  }

  /**
   * Runs a read on a free read connection (waiting for one when all are busy), interrupting it when
   * the call's signal aborts. `compact` replaces the connections: reads wait while it does, and it
   * waits for reads.
   */
  private async read<T>(fn: (c: DuckDBConnection) => Promise<T>): Promise<T> {
    while (this.compacting) await this.compacting;
    this.reading += 1;
    try {
      const c = this.idle.pop() ?? (await new Promise<DuckDBConnection>((resolve) => this.waiting.push(resolve)));
      try {
        return await stoppable(() => fn(c), () => c.interrupt());
      } finally {
        const next = this.waiting.shift();
        if (next) next(c);
        else this.idle.push(c);
      }
    } finally {
      this.reading -= 1;
    }
  }
}

/** Runs `fn` in a transaction on `conn`; rolls back when it throws. */
async function inTransaction<T>(conn: DuckDBConnection, fn: (tx: DuckDbTx) => Promise<T>): Promise<T> {
  const tx: DuckDbTx = {
    run: (sql, params = {}) => conn.run(sql, bound(params)),
    rows: async <R>(sql: string, params: Params = {}) => (await conn.runAndReadAll(sql, bound(params))).getRowObjectsJS() as unknown as R[],
    insertMany: (insert, types, rows) => insertMany(conn, insert, types, rows),
  };
  await conn.run('BEGIN TRANSACTION');
  try {
    const out = await fn(tx);
    await conn.run('COMMIT');
    return out;
  } catch (err) {
    // A failed COMMIT (a write conflict) has rolled back already: nothing is left to roll back.
    await conn.run('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

/** `count` connections of an instance (the read pool). */
async function connectReaders(instance: DuckDBInstance, count: number): Promise<DuckDBConnection[]> {
  const readers: DuckDBConnection[] = [];
  for (let i = 0; i < count; i++) readers.push(await instance.connect());
  return readers;
}

/**
 * The values of a statement, or none: with values, node-api extracts, prepares, binds, runs and
 * destroys a prepared statement (three trips to the thread pool before the first row, and its
 * preparing on this thread); without, it runs the text in one trip. Every statement of the text
 * runs either way.
 */
function bound<P extends Params | readonly unknown[]>(params: P | undefined): P | undefined {
  if (!params) return undefined;
  return (Array.isArray(params) ? params.length : Object.keys(params).length) ? params : undefined;
}

async function insertMany(conn: DuckDBConnection, insert: string, types: string[], rows: (string | number | boolean | null)[][]): Promise<void> {
  const chunk = 500;
  for (let i = 0; i < rows.length; i += chunk) {
    const part = rows.slice(i, i + chunk);
    const params: DuckDBValue[] = [];
    const tuples = part.map((row) => `(${row.map((v, j) => {
      params.push(v === null ? null : typeof v === 'boolean' ? v : String(v));
      return `$${params.length}::${types[j]}`;
    }).join(', ')})`);
    await conn.run(`${insert} VALUES ${tuples.join(', ')}`, params);
  }
}

/** Serialises async critical sections (one writer on the DuckDB connection at a time). */
class Mutex {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.tail.then(fn, fn);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
