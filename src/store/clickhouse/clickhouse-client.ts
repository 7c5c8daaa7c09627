import { clickhouseTimeoutMs } from '../../config/config.js';
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
 * silently dropped connection would otherwise hold a writer for minutes).
 */
export class ClickHouseClient {
  constructor(
    readonly url: string,
    readonly timeoutMs = clickhouseTimeoutMs(),
  ) {}

  /** Runs a SELECT and returns its rows (JSONEachRow). */
  async query<T = Record<string, unknown>>(sql: string): Promise<T[]> {
    return parseRows<T>(await this.post({}, `${sql}\nFORMAT JSONEachRow`));
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
    return parseRows<T>(await this.post(params, form));
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

  private async post(params: Record<string, string>, body: string | FormData): Promise<string> {
    const search = new URLSearchParams({ ...baseSettings, ...params });
    let res: Response;
    let text: string;
    try {
      res = await fetch(`${this.url}/?${search}`, { method: 'POST', body, signal: AbortSignal.timeout(this.timeoutMs) });
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
