import {
  DialectAdapterBase, PostgresIntrospector, PostgresQueryCompiler, SelectQueryNode,
  type CompiledQuery, type DatabaseConnection, type DatabaseIntrospector, type Dialect, type DialectAdapter, type Driver, type Kysely, type QueryCompiler, type QueryResult,
} from 'kysely';
import { ResultReturnType, type DuckDBResultReader, type DuckDBValue } from '@duckdb/node-api';
import { AppError } from '../../shared/errors.js';

/**
 * How the DuckDB store runs one statement: a read on its read connection (waiting out a
 * compaction), a write on its write connection under the write lock.
 */
export interface DuckDbRunner {
  read(sql: string, params: DuckDBValue[]): Promise<DuckDBResultReader>;
  write(sql: string, params: DuckDBValue[]): Promise<DuckDBResultReader>;
}

/**
 * A Kysely dialect for DuckDB through `@duckdb/node-api`. DuckDB speaks PostgreSQL's dialect
 * (double-quoted identifiers, `$1` placeholders, `ON CONFLICT`, `RETURNING`), so the query
 * compiler is Kysely's PostgreSQL one; only the driver is new. Statements run one at a time
 * through the store's runner: a `select` as a read, anything else as a write. Transactions
 * are not offered (metadata writes are single statements).
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
  private readonly connection: DuckDbConnection;

  constructor(runner: DuckDbRunner) {
    this.connection = new DuckDbConnection(runner);
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    return this.connection;
  }

  async beginTransaction(): Promise<void> {
    throw noTransactions();
  }

  async commitTransaction(): Promise<void> {
    throw noTransactions();
  }

  async rollbackTransaction(): Promise<void> {
    throw noTransactions();
  }

  async releaseConnection(): Promise<void> {}

  /** The store closes its connections itself. */
  async destroy(): Promise<void> {}
}

class DuckDbConnection implements DatabaseConnection {
  constructor(private readonly runner: DuckDbRunner) {}

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const params = compiled.parameters as DuckDBValue[];
    const isRead = SelectQueryNode.is(compiled.query);
    const result = isRead ? await this.runner.read(compiled.sql, params) : await this.runner.write(compiled.sql, params);
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

function noTransactions(): AppError {
  return new AppError('internal', 'the DuckDB metadata dialect runs single statements; it offers no transactions');
}
