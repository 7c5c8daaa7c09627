/**
 * The seeded batches of `commissions-equality.test.ts` and their entries written one JSON object a
 * line (a blank line between the two batches), gzipped beside this file. The snapshots were
 * written by the implementation before the integer-money rewrite (commit 4a5a54a):
 *
 *   npx tsx src/partners/ledger/__fixtures__/commission-snapshots.ts
 *
 * Rewrite them only for an intended change of output.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { commissionEntries } from '../commissions.js';
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
  const next = commissionEntries(secondBatch(first, made, c.second));
  return [...made.map((e) => JSON.stringify(e)), '', ...next.map((e) => JSON.stringify(e))];
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
