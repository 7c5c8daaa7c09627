import { randomUUID } from 'node:crypto';
import { clickhouseTimeoutMs } from '../../config/config.js';
import { currentSignal, stoppable } from '../../shared/cancellation.js';
import { AppError, internalError } from '../../shared/errors.js';
import { chIdentifier } from './sql-literal.js';
import { tsvEncoder, tsvRows } from './tab-separated.js';

/** Settings sent with every request (names that exist on 18.16 and on current releases). */
const baseSettings: Record<string, string> = {
  // Inserts through a Distributed table reach the shards before the request returns.
  insert_distributed_sync: '1',
  // Filters stay after FINAL: a condition moved to PREWHERE would run before replacing rows are collapsed.
  optimize_move_to_prewhere: '0',
  // 64-bit integers as JSON numbers are exact up to 2^53 only; keep them quoted and convert knowingly.
  output_format_json_quote_64bit_integers: '1',
};

/**
 * A ClickHouse server over its HTTP interface (port 8123-style), with fetch.
 * Queries are whole SQL texts whose values came through `chValue`. A request
 * unanswered after `timeoutMs` fails as unavailable (a frozen server or a
 * silently dropped connection would otherwise hold a writer for minutes), and
 * the server is told the same budget (`max_execution_time`), so a statement
 * nobody waits for any more stops there too instead of loading it for hours.
 *
 * A SELECT made for a request that is cancelled (`../../shared/cancellation.ts`: the client went
 * away) is killed by its query id: ClickHouse 18.16 keeps running a query whose HTTP client left
 * (measured: still in `system.processes` 5 s after the connection closed), and current releases do
 * too unless `cancel_http_readonly_queries_on_client_close` is set; `KILL QUERY … ASYNC` stops it on both.
 */
export class ClickHouseClient {
  constructor(
    readonly url: string,
    readonly timeoutMs = clickhouseTimeoutMs(),
  ) {}

  /** Runs a SELECT and returns its rows (JSONEachRow). */
  async query<T = Record<string, unknown>>(sql: string): Promise<T[]> {
    return parseRows<T>(await this.select({}, `${sql}\nFORMAT JSONEachRow`));
  }

  /** Runs a statement without a result (DDL, INSERT … SELECT). */
  async exec(sql: string): Promise<void> {
    await this.post({}, sql);
  }

  /**
   * Runs a SELECT that reads a list of values as the table `name` (one column
   * `column String`), sent as ClickHouse's external data next to the query: a
   * list of thousands of ids travels as data instead of SQL text, which 18.16
   * parses slowly (about a second per 30,000 literals). The table reaches every
   * shard of a Distributed query with it.
   */
  async queryWithList<T = Record<string, unknown>>(sql: string, list: { name: string; column: string; values: readonly string[] }): Promise<T[]> {
    const name = chIdentifier(list.name);
    const form = new FormData();
    form.append(name, new Blob([tsvRows(list.values.map((v) => ({ v })), ['v'])]), name);
    const params = { [`${name}_structure`]: `${chIdentifier(list.column)} String`, [`${name}_format`]: 'TabSeparated', query: `${sql}\nFORMAT JSONEachRow` };
    return parseRows<T>(await this.select(params, form));
  }

  /**
   * Inserts rows (all with the keys of the first) as TabSeparated: values travel as
   * data, not as SQL text. `decimals` maps columns to their Decimal scale: their
   * decimal strings are rounded to it (half away from zero, as DuckDB's DECIMAL cast;
   * 18.16 rejects extra digits).
   */
  async insert(table: string, rows: Record<string, unknown>[], decimals: Record<string, number> = {}): Promise<void> {
    if (rows.length === 0) return;
    const columns = Object.keys(rows[0]);
    await this.insertLines(table, columns, rows.map(tsvEncoder(columns, decimals)));
  }

  /** Inserts rows already encoded as TabSeparated lines (`tsvEncoder`) of `columns`. */
  async insertLines(table: string, columns: readonly string[], lines: readonly string[]): Promise<void> {
    const names = columns.map(chIdentifier).join(', ');
    for (let i = 0; i < lines.length; i += insertChunkRows) {
      await this.post({ query: `INSERT INTO ${table} (${names}) FORMAT TabSeparated` }, lines.slice(i, i + insertChunkRows).join(''));
    }
  }

  /**
   * A read: under a cancellable call it gets a query id of its own, and when the call is cancelled
   * the request is dropped and the query killed on the server.
   */
  private async select(params: Record<string, string>, body: string | FormData): Promise<string> {
    const signal = currentSignal();
    if (!signal) return this.post(params, body);
    const queryId = `roilens-${randomUUID()}`;
    return stoppable(() => this.post({ ...params, query_id: queryId }, body, signal), () => this.kill(queryId), signal);
  }

  /** Asks the server to stop a query (`ASYNC`: answers at once; the query is gone within moments). */
  private async kill(queryId: string): Promise<void> {
    const search = new URLSearchParams({ query: `KILL QUERY WHERE query_id = '${queryId}' ASYNC` });
    await fetch(`${this.url}/?${search}`, { method: 'POST', signal: AbortSignal.timeout(5000) }).then((res) => res.text());
  }

  private async post(params: Record<string, string>, body: string | FormData, cancel?: AbortSignal): Promise<string> {
    const search = new URLSearchParams({ ...baseSettings, max_execution_time: String(Math.ceil(this.timeoutMs / 1000)), ...params });
    let res: Response;
    let text: string;
    try {
      const timeout = AbortSignal.timeout(this.timeoutMs);
      res = await fetch(`${this.url}/?${search}`, { method: 'POST', body, signal: cancel ? AbortSignal.any([timeout, cancel]) : timeout });
      text = await res.text();
    } catch (err) {
      const reason = (err as Error).name === 'TimeoutError' ? `no answer within ${this.timeoutMs} ms` : (err as Error).message;
      throw new AppError('unavailable', `ClickHouse at ${this.url} is unreachable (${reason})`);
    }
    if (!res.ok) throw internalError(`ClickHouse ${res.status}: ${text.slice(0, 2000)}\n--- query ---\n${(params.query ?? String(body)).slice(0, 4000)}`);
    return text;
  }
}

/** Rows per INSERT request: one part per request, so few and large (about 200 bytes a row as TabSeparated). */
const insertChunkRows = 100_000;

function parseRows<T>(text: string): T[] {
  const rows: T[] = [];
  for (const line of text.split('\n')) if (line) rows.push(JSON.parse(line) as T);
  return rows;
}
