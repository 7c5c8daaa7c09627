import {
  DialectAdapterBase, PostgresIntrospector, PostgresQueryCompiler, SelectQueryNode,
  type CompiledQuery, type DatabaseConnection, type DatabaseIntrospector, type Dialect, type DialectAdapter, type Driver, type Kysely, type QueryCompiler, type QueryResult,
} from 'kysely';
import { ResultReturnType, type DuckDBResultReader, type DuckDBValue } from '@duckdb/node-api';
import { AppError } from '../../shared/errors.js';

/** Runs one statement (on the connection a transaction holds). */
export type DuckDbStatement = (sql: string, params: DuckDBValue[]) => Promise<DuckDBResultReader>;

/**
 * How the DuckDB store runs one statement: a read on its read connection (waiting out a
 * compaction), a write on its write connection under the write lock; or a transaction, every
 * statement of it (reads too) on the write connection, holding the write lock until it ends.
 */
export interface DuckDbRunner {
  read: DuckDbStatement;
  write: DuckDbStatement;
  /** Runs `fn` between BEGIN and COMMIT (ROLLBACK when it throws). */
  transaction<T>(fn: (run: DuckDbStatement) => Promise<T>): Promise<T>;
}

/**
 * A Kysely dialect for DuckDB through `@duckdb/node-api`. DuckDB speaks PostgreSQL's dialect
 * (double-quoted identifiers, `$1` placeholders, `ON CONFLICT`, `RETURNING`), so the query
 * compiler is Kysely's PostgreSQL one; only the driver is new. Statements run one at a time
 * through the store's runner: a `select` as a read, anything else as a write. A transaction
 * (`db.transaction()`) holds the write lock from its BEGIN to its COMMIT or ROLLBACK and runs
 * all its statements on the write connection, so it sees its own writes and no other write interleaves.
 *
 * @example
 * const db = new Kysely<MetadataTables>({ dialect: new DuckDbDialect(runner) });
 * await db.selectFrom('settings').select('value').where('key', '=', 'k').execute();
 * // runs: select "value" from "settings" where "key" = $1   with ['k']
 */
export class DuckDbDialect implements Dialect {
  constructor(private readonly runner: DuckDbRunner) {}

  createAdapter(): DialectAdapter {
    return new DuckDbAdapter();
  }

  createDriver(): Driver {
    return new DuckDbDriver(this.runner);
  }

  createQueryCompiler(): QueryCompiler {
    return new PostgresQueryCompiler();
  }

  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new PostgresIntrospector(db);
  }
}

/** DuckDB's capabilities as Kysely asks for them: `RETURNING` and transactional DDL, no migration lock (one process holds the file). */
class DuckDbAdapter extends DialectAdapterBase {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }

  override get supportsReturning(): boolean {
    return true;
  }

  async acquireMigrationLock(): Promise<void> {}

  async releaseMigrationLock(): Promise<void> {}
}

class DuckDbDriver implements Driver {
  constructor(private readonly runner: DuckDbRunner) {}

  async init(): Promise<void> {}

  /** A connection per use: a transaction's statements go where its `begin` put them. */
  async acquireConnection(): Promise<DatabaseConnection> {
    return new DuckDbConnection(this.runner);
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as DuckDbConnection).begin();
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as DuckDbConnection).end(true);
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as DuckDbConnection).end(false);
  }

  async releaseConnection(): Promise<void> {}

  /** The store closes its connections itself. */
  async destroy(): Promise<void> {}
}

/** A transaction under way: its statement runner, and how to end it (commit or roll back) and learn its outcome. */
interface OpenTransaction {
  run: DuckDbStatement;
  finish(commit: boolean): void;
  ended: Promise<unknown>;
}

class DuckDbConnection implements DatabaseConnection {
  private tx?: OpenTransaction;

  constructor(private readonly runner: DuckDbRunner) {}

  /** Starts `runner.transaction` and keeps it open (the write lock held) until `end`. */
  async begin(): Promise<void> {
    let started!: (tx: OpenTransaction) => void;
    const ready = new Promise<OpenTransaction>((resolve) => (started = resolve));
    let finish!: (commit: boolean) => void;
    const decided = new Promise<boolean>((resolve) => (finish = resolve));
    const ended = this.runner.transaction(async (run) => {
      started({ run, finish, ended });
      if (!(await decided)) throw rolledBack;
    });
    // A BEGIN that fails rejects `ended` before `ready` resolves.
    const failed = ended.then(() => undefined as never);
    failed.catch(() => undefined);
    this.tx = await Promise.race([ready, failed]);
  }

  async end(commit: boolean): Promise<void> {
    const tx = this.tx;
    this.tx = undefined;
    if (!tx) throw new AppError('internal', 'no DuckDB transaction is open on this connection');
    tx.finish(commit);
    try {
      await tx.ended;
    } catch (err) {
      if (err !== rolledBack) throw err;
    }
  }

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const params = compiled.parameters as DuckDBValue[];
    const isRead = SelectQueryNode.is(compiled.query);
    const run = this.tx?.run ?? (isRead ? this.runner.read : this.runner.write);
    const result = await run(compiled.sql, params);
    if (result.returnType === ResultReturnType.CHANGED_ROWS) return { rows: [], numAffectedRows: BigInt(result.rowsChanged) };
    const rows = result.returnType === ResultReturnType.QUERY_RESULT ? (result.getRowObjectsJS() as unknown as R[]) : [];
    // With RETURNING, DuckDB reports the changed rows as the rows it answers.
    return isRead ? { rows } : { rows, numAffectedRows: BigInt(rows.length) };
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new AppError('internal', 'the DuckDB metadata dialect does not stream results');
  }
}

/** Thrown inside `runner.transaction` to roll back what Kysely asked to roll back. */
const rolledBack = new AppError('internal', 'rolled back');
