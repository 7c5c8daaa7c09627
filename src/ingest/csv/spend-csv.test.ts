import { describe, expect, it } from 'vitest';
import { parseLeadsCsv, parseOrdersCsv, parseRatesCsv } from './crm-csv.js';
import { parseSpendCsv } from './spend-csv.js';

describe('spend CSV layouts', () => {
  it('reads the generic layout, names bad lines and keeps the good ones', () => {
    const csv = [
      'date,channel,campaign,ad,cost,currency,impressions,clicks,pricing_model',
      '2026-03-01,paid_search,brand,a,12.34,EUR,100,10,cpc',
      '2026-03-01,paid_search,brand,b,abc,EUR,100,10,cpc',
      '2026-03-32,display,x,y,1,EUR,1,1,cpm',
      '2026-03-01,influencer,sara,post,1500000,IRR,0,0,flat',
      '2026-03-01,affiliates,coupons,all,5,XXX,0,0,revshare',
    ].join('\n');
    const res = parseSpendCsv(csv, { defaultCurrency: 'EUR' });
    expect(res.layout).toBe('generic');
    expect(res.rows.map((r) => [r.channel, r.cost.amount, r.cost.currency, r.pricing_model])).toEqual([
      ['paid_search', '12.34', 'EUR', 'cpc'],
      ['influencer', '1500000', 'IRR', 'flat'],
    ]);
    expect(res.errors.map((e) => e.path)).toEqual(['line 3: cost', 'line 4: date', 'line 6: currency']);
  });

  it('reads a Google Ads report export (title lines, thousands separators, total rows)', () => {
    const csv = [
      'Campaign performance report',
      '"March 1, 2026 - March 2, 2026"',
      'Day,Campaign,Ad group,Currency code,Cost,Impr.,Clicks',
      '2026-03-01,Brand,Exact,EUR,"1,234.50","12,000",300',
      '2026-03-02,Brand,Exact,EUR,99.00,800,20',
      'Total: Account,,,,"1,333.50","12,800",320',
    ].join('\n');
    const res = parseSpendCsv(csv, { defaultCurrency: 'USD' });
    expect(res.layout).toBe('google_ads');
    expect(res.errors).toEqual([]);
    expect(res.rows).toEqual([
      { date: '2026-03-01', channel: 'paid_search', campaign: 'Brand', ad: 'Exact', cost: { amount: '1234.5', currency: 'EUR' }, impressions: 12000, clicks: 300, pricing_model: 'cpc' },
      { date: '2026-03-02', channel: 'paid_search', campaign: 'Brand', ad: 'Exact', cost: { amount: '99', currency: 'EUR' }, impressions: 800, clicks: 20, pricing_model: 'cpc' },
    ]);
  });

  it('reads a Meta Ads export with the currency in the header', () => {
    const csv = [
      'Reporting starts,Reporting ends,Campaign name,Ad set name,Ad name,Amount spent (VND),Impressions,Link clicks',
      '2026-03-01,2026-03-01,Tet sale,VN 25-34,Video 1,2500000,40000,800',
    ].join('\n');
    const res = parseSpendCsv(csv, { defaultCurrency: 'EUR' });
    expect(res.layout).toBe('meta_ads');
    expect(res.rows[0]).toMatchObject({ channel: 'paid_social', campaign: 'Tet sale', ad: 'Video 1', cost: { amount: '2500000', currency: 'VND' }, impressions: 40000, clicks: 800, pricing_model: 'cpm' });
  });

  it('names missing columns', () => {
    expect(parseSpendCsv('date,campaign\n2026-01-01,x', { defaultCurrency: 'EUR' }).errors.map((e) => e.message)).toEqual([
      'missing column cost',
      'missing column channel (or pass --channel)',
    ]);
  });
});

describe('CRM CSVs', () => {
  it('orders: hashes e-mails, takes dates, rejects bad amounts by line', () => {
    const res = parseOrdersCsv('order_id,customer_id,date,amount,currency,email\no1,c1,2026-03-01,19.99,EUR, Ana@Example.com \no2,c2,2026-03-02,12,,\no3,c3,yesterday,5,EUR,\n', { defaultCurrency: 'EUR' });
    expect(res.rows).toHaveLength(2);
    // sha256("ana@example.com"), from `printf 'ana@example.com' | sha256sum`
    expect(res.rows[0].email_hash).toBe('8e43ca37701228e74983efdbd0cff5c16b3b1e5d4e29a7c05626d4d25a018e11');
    expect(res.rows[1].amount).toEqual({ amount: '12', currency: 'EUR' });
    expect(res.errors).toEqual([{ path: 'line 4: date', message: '"yesterday" is not a date or ISO date-time' }]);
  });

  it('leads: stage timestamps must move forward', () => {
    const res = parseLeadsCsv('lead_id,created_at,mql_at,sql_at\nl1,2026-03-01,2026-03-03,2026-03-05\nl2,2026-03-05,2026-03-01,\n');
    expect(res.rows).toEqual([{ lead_id: 'l1', created_at: '2026-03-01T00:00:00.000Z', mql_at: '2026-03-03T00:00:00.000Z', sql_at: '2026-03-05T00:00:00.000Z' }]);
    expect(res.errors).toEqual([{ path: 'line 3: mql_at', message: 'is before the previous stage' }]);
  });

  it('rates: positive decimals of known currencies', () => {
    const res = parseRatesCsv('date,currency,rate\n2026-01-01,USD,0.92\n2026-01-01,IRR,0.0000217\n2026-01-01,USD,0\n');
    expect(res.rows.map((r) => r.rate)).toEqual(['0.92', '0.0000217']);
    expect(res.errors[0].path).toBe('line 4: rate');
  });
});
