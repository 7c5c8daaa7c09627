import Big from 'big.js';
import { AppError } from '../../shared/errors.js';

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
 * Queries are whole SQL texts whose values came through `chValue`.
 */
export class ClickHouseClient {
  constructor(readonly url: string) {}

  /** Runs a SELECT and returns its rows (JSONEachRow). */
  async query<T = Record<string, unknown>>(sql: string): Promise<T[]> {
    const text = await this.post({}, `${sql}\nFORMAT JSONEachRow`);
    const rows: T[] = [];
    for (const line of text.split('\n')) if (line) rows.push(JSON.parse(line) as T);
    return rows;
  }

  /** Runs a statement without a result (DDL, INSERT … SELECT). */
  async exec(sql: string): Promise<void> {
    await this.post({}, sql);
  }

  /**
   * Inserts rows as JSONEachRow. Values travel in the JSON encoding (not as SQL
   * text); `decimals` maps columns to their Decimal scale: their decimal strings are
   * rounded to it (half away from zero, as DuckDB's DECIMAL cast; 18.16 rejects extra
   * digits) and go as bare JSON numbers, which ClickHouse reads exactly.
   */
  async insert(table: string, rows: Record<string, unknown>[], decimals: Record<string, number> = {}): Promise<void> {
    if (rows.length === 0) return;
    const lines = rows.map((row) => jsonLine(row, decimals));
    for (let i = 0; i < lines.length; i += 20_000) {
      await this.post({ query: `INSERT INTO ${table} FORMAT JSONEachRow` }, lines.slice(i, i + 20_000).join('\n') + '\n');
    }
  }

  private async post(params: Record<string, string>, body: string): Promise<string> {
    const search = new URLSearchParams({ ...baseSettings, ...params });
    let res: Response;
    try {
      res = await fetch(`${this.url}/?${search}`, { method: 'POST', body });
    } catch (err) {
      throw new AppError('unavailable', `ClickHouse at ${this.url} is unreachable (${(err as Error).message})`);
    }
    const text = await res.text();
    if (!res.ok) throw new Error(`ClickHouse ${res.status}: ${text.slice(0, 2000)}\n--- query ---\n${(params.query ?? body).slice(0, 4000)}`);
    return text;
  }
}

const decimalText = /^-?\d{1,32}(\.\d{1,40})?$/;

function jsonLine(row: Record<string, unknown>, decimals: Record<string, number>): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(row)) {
    if (value === undefined) continue;
    if (decimals[key] !== undefined && typeof value === 'string') {
      if (!decimalText.test(value)) throw new AppError('invalid_input', `${key}: "${value}" is not a decimal amount`);
      parts.push(`${JSON.stringify(key)}:${new Big(value).round(decimals[key], Big.roundHalfUp).toFixed()}`);
    } else parts.push(`${JSON.stringify(key)}:${JSON.stringify(value)}`);
  }
  return `{${parts.join(',')}}`;
}
