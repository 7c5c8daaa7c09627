/** The idempotency port on DuckDB (`ports/idempotency-repo.ts`): run under the store's write lock, so a claim's read and write do not interleave with another's. */
import type { DuckDBValue } from '@duckdb/node-api';
import { idempotencyStateOf, type IdempotencyClaim, type IdempotencyState } from '../ports/idempotency-repo.js';

type Params = Record<string, DuckDBValue>;

/** What the helpers need of the store's write connection. */
export interface SqlRunner {
  rows<T>(sql: string, params: Params): Promise<T[]>;
  run(sql: string, params: Params): Promise<unknown>;
}

/** DuckDB's TIMESTAMP takes the instant without its `Z` (times are UTC throughout the store). */
const utc = (iso: string) => iso.replace(/Z$/, '');

export async function claimKey(db: SqlRunner, workspaceId: string, claim: IdempotencyClaim): Promise<IdempotencyState> {
  const key = { ws: workspaceId, op: claim.operation, key: claim.key };
  const [row] = await db.rows<{ fingerprint: string; status: number | null; body: string | null; expired: boolean }>(
    `SELECT fingerprint, status, body, created_at < $expired::TIMESTAMP AS expired FROM idempotency_keys WHERE workspace_id = $ws AND operation = $op AND key = $key`,
    { ...key, expired: utc(claim.expiredBefore) },
  );
  if (row && !row.expired) return idempotencyStateOf(row, claim.fingerprint);
  // A new key, or an expired one taken over (its columns other than the key rewritten: DuckDB updates no key column).
  await db.run(
    row
      ? `UPDATE idempotency_keys SET fingerprint = $fp, created_at = $at::TIMESTAMP, status = NULL, body = NULL WHERE workspace_id = $ws AND operation = $op AND key = $key`
      : `INSERT INTO idempotency_keys (workspace_id, operation, key, fingerprint, created_at) VALUES ($ws, $op, $key, $fp, $at::TIMESTAMP)`,
    { ...key, fp: claim.fingerprint, at: utc(claim.at) },
  );
  return { state: 'claimed' };
}

export async function settleKey(db: SqlRunner, workspaceId: string, operation: string, key: string, answer: { status: number; body: string } | null): Promise<void> {
  const where = `WHERE workspace_id = $ws AND operation = $op AND key = $key`;
  await db.run(answer ? `UPDATE idempotency_keys SET status = $status, body = $body ${where}` : `DELETE FROM idempotency_keys ${where}`, {
    ws: workspaceId, op: operation, key, ...(answer ? { status: answer.status, body: answer.body } : {}),
  });
}
