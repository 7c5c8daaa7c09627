import { describe, expect, it } from 'vitest';
import { parseRefundsCsv } from './refunds-csv.js';

describe('refunds CSV', () => {
  it('reads good lines and names each bad one by line and column', () => {
    const text = [
      'refund_id,order_id,amount,currency,date',
      'rf-1,o-1,20.00,EUR,2026-03-05',
      'rf-2,o-2,-3,EUR,',
      ',o-3,1,EUR,',
      'rf-4,o-4,5,EURO,',
      'rf-1,o-5,1,EUR,',
      'rf-6,o-6,"1,250.50",usd,2026-03-06T10:00:00Z',
      'rf-7,o-7,1,EUR,yesterday',
    ].join('\n');
    const { rows, errors } = parseRefundsCsv(text);
    expect(rows).toEqual([
      { line: 2, refund_id: 'rf-1', order_id: 'o-1', amount: '20', currency: 'EUR', at: '2026-03-05T00:00:00.000Z' },
      { line: 7, refund_id: 'rf-6', order_id: 'o-6', amount: '1250.5', currency: 'USD', at: '2026-03-06T10:00:00.000Z' },
    ]);
    expect(errors.map((e) => e.path)).toEqual(['line 3: amount', 'line 4: refund_id', 'line 5: currency', 'line 6: refund_id', 'line 8: date']);
  });

  it('a file without a needed column is refused as a whole', () => {
    expect(parseRefundsCsv('refund_id,order_id,amount\nr,o,1\n').errors).toEqual([{ path: 'header', message: 'missing column currency' }]);
  });
});
