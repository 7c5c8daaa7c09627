import type { Kysely, Transaction } from 'kysely';
import type { MetadataTables } from '../metadata-tables.js';

/** Thrown inside a transaction to roll it back and answer `answer` instead (a coupon conflict, `already_paid`). */
class Refusal<T> extends Error {
  constructor(readonly answer: T) {
    super('refused');
  }
}

/** Runs `fn` in one transaction; `refuse(answer)` inside it rolls everything back and answers `answer`. */
export async function inTransaction<T, R>(db: Kysely<MetadataTables>, fn: (tx: Transaction<MetadataTables>, refuse: (answer: R) => never) => Promise<T>): Promise<T | R> {
  try {
    return await db.transaction().execute((tx) => fn(tx, (answer) => {
      throw new Refusal(answer);
    }));
  } catch (err) {
    if (err instanceof Refusal) return err.answer as R;
    throw err;
  }
}

/** `items` in slices of `size` (one statement each, under the statement's parameter limit). */
export function slices<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
