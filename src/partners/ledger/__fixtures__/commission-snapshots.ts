/**
 * The seeded batches of `commissions-equality.test.ts` and their entries written one JSON object a
 * line (a blank line between the two batches), gzipped beside this file. The snapshots were
 * written by the implementation before the integer-money rewrite (commit 4a5a54a):
 *
 *   npx tsx src/partners/ledger/__fixtures__/commission-snapshots.ts
 *
 * Rewrite them only for an intended change of output.
 *
 * The snapshots hold every id as ids were then: `hashedId` of the entry's key. Entry ids are now
 * the key itself when it is plain (`entryId`), so each line is compared with its `id` and `ref`
 * written back the old way (an id that is not `entryId` of its key is left as it is: a difference).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { LedgerEntry } from '../../../records/partners.js';
import { commissionEntries } from '../commissions.js';
import { entryId, hashedId } from '../entry.js';
import { firstBatch, secondBatch } from './seeded-batches.js';

export const snapshotCases = [
  { file: 'commission-snapshot-eur-16.jsonl.gz', seed: 16, currency: 'EUR', first: 3500, second: 1500 },
  { file: 'commission-snapshot-irr-61.jsonl.gz', seed: 61, currency: 'IRR', first: 2000, second: 1000 },
] as const;

const here = dirname(fileURLToPath(import.meta.url));

/** The lines the current implementation gives for one case. */
export function snapshotLines(c: (typeof snapshotCases)[number]): string[] {
  const first = firstBatch(c.seed, c.currency, c.first);
  const made = commissionEntries(first);
  const second = secondBatch(first, made, c.second);
  const next = commissionEntries(second);
  const old = new Map<string, string>();
  for (const e of [...second.existing, ...next]) old.set(e.id, hashedId(e.workspace_id, e.key));
  // An id that is not `entryId` of its key stays as it is, and the line differs from the stored one.
  const line = (e: LedgerEntry) =>
    JSON.stringify({ ...e, id: e.id === entryId(e.workspace_id, e.key) ? old.get(e.id) : e.id, ref: e.ref === null ? null : (old.get(e.ref) ?? e.ref) });
  return [...made.map(line), '', ...next.map(line)];
}

/** The stored lines of one case. */
export function storedLines(c: (typeof snapshotCases)[number]): string[] {
  return gunzipSync(readFileSync(join(here, c.file))).toString('utf8').split('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const c of snapshotCases) {
    const lines = snapshotLines(c);
    writeFileSync(join(here, c.file), gzipSync(lines.join('\n'), { level: 9 }));
    console.log(c.file, lines.length - 1, 'entries');
  }
}
