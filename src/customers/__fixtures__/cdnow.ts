/** Test fixture: the CDNOW sample transactions (see shared/data/cdnow/README.md). Tests only. */
import { readFileSync } from 'node:fs';
import type { Transaction } from '../purchases/transactions.js';

export const cdnowUrl = new URL('../../../../shared/data/cdnow/transactions.csv', import.meta.url);

/** All 6,919 CDNOW sample transactions. */
export function cdnowTransactions(): Transaction[] {
  const lines = readFileSync(cdnowUrl, 'utf8').trim().split('\n').slice(1);
  return lines.map((line) => {
    const [customer_id, date, amount] = line.split(',');
    return { customer_id, date, amount: Number(amount) };
  });
}
