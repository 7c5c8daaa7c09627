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
      { date: '2026-03-01', channel: 'paid_search', campaign: 'Brand', ad: 'Exact', source: 'google_ads', cost: { amount: '1234.5', currency: 'EUR' }, impressions: 12000, clicks: 300, pricing_model: 'cpc' },
      { date: '2026-03-02', channel: 'paid_search', campaign: 'Brand', ad: 'Exact', source: 'google_ads', cost: { amount: '99', currency: 'EUR' }, impressions: 800, clicks: 20, pricing_model: 'cpc' },
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

  it('source: --source, else a source column, else the layout\'s platform, else generic (issue 11 #1)', () => {
    const google = ['Day,Campaign,Ad group,Currency code,Cost,Impr.,Clicks', '2026-11-20,generic_search,ag1,EUR,400.00,10000,300'].join('\n');
    expect(parseSpendCsv(google, { defaultCurrency: 'EUR' }).rows[0]).toMatchObject({ source: 'google_ads', campaign: 'generic_search', ad: 'ag1', cost: { amount: '400', currency: 'EUR' } });
    expect(parseSpendCsv(google, { defaultCurrency: 'EUR', source: ' Google_Ads_MCC ' }).rows[0].source).toBe('google_ads_mcc');
    const meta = 'Reporting starts,Campaign name,Ad name,Amount spent (EUR)\n2026-11-20,Tet,V1,10';
    expect(parseSpendCsv(meta, { defaultCurrency: 'EUR' }).rows[0].source).toBe('meta_ads');
    const generic = 'date,channel,campaign,cost,source\n2026-11-20,paid_search,x,5,Microsoft_Ads\n2026-11-20,paid_search,y,6,\n2026-11-20,paid_search,z,7,bad source!';
    const res = parseSpendCsv(generic, { defaultCurrency: 'EUR' });
    expect(res.rows.map((r) => [r.campaign, r.source])).toEqual([['x', 'microsoft_ads'], ['y', 'generic']]);
    expect(res.errors).toEqual([{ path: 'line 4: source', message: '"bad source!" is not a source id (letters, digits, _ . @ : -, up to 64)' }]);
    expect(parseSpendCsv(generic, { defaultCurrency: 'EUR', source: 'no spaces allowed' }).errors.map((e) => e.path)).toEqual(['source']);
  });

  it('account: Google "Customer ID" / "Account", Meta "Account ID" / "Account name", generic account; absent without one', () => {
    const google = 'Day,Customer ID,Account,Campaign,Ad group,Cost\n2026-11-20,123-456-7890,Shop DE,c,ag,1';
    expect(parseSpendCsv(google, { defaultCurrency: 'EUR' }).rows[0].account).toBe('123-456-7890');
    expect(parseSpendCsv('Day,Account,Campaign,Ad group,Cost\n2026-11-20,Shop DE,c,ag,1', { defaultCurrency: 'EUR' }).rows[0].account).toBe('Shop DE');
    const meta = 'Reporting starts,Account name,Account ID,Campaign name,Ad name,Amount spent (EUR)\n2026-11-20,Shop,act_42,Tet,V1,10';
    expect(parseSpendCsv(meta, { defaultCurrency: 'EUR' }).rows[0].account).toBe('act_42');
    expect(parseSpendCsv('date,channel,cost,account\n2026-11-20,email,3,news', { defaultCurrency: 'EUR' }).rows[0].account).toBe('news');
    expect(parseSpendCsv('date,channel,cost\n2026-11-20,email,3', { defaultCurrency: 'EUR' }).rows[0]).not.toHaveProperty('account');
  });

  it('adds up rows of one key and channel (device splits) but keeps sources apart; notes each channel\'s first line', () => {
    const csv = 'date,channel,campaign,ad,cost,source\n2026-11-20,tiktok,a,b,1.10,x\n2026-11-20,tiktok,a,b,2.20,x\n2026-11-20,tiktok,a,b,4,y\n2026-11-20,email,a,b,1,x';
    const res = parseSpendCsv(csv, { defaultCurrency: 'EUR' });
    expect(res.rows.map((r) => [r.channel, r.source, r.cost.amount])).toEqual([['tiktok', 'x', '3.3'], ['tiktok', 'y', '4'], ['email', 'x', '1']]);
    expect(res.channelLines).toEqual({ tiktok: 2, email: 5 });
  });

  it('rejects a row of an existing key in another currency by line (one stored row, one currency)', () => {
    const res = parseSpendCsv('date,channel,campaign,ad,cost,currency\n2026-11-20,email,a,b,1,EUR\n2026-11-20,email,a,b,2,USD\n', { defaultCurrency: 'EUR' });
    expect(res.rows.map((r) => r.cost)).toEqual([{ amount: '1', currency: 'EUR' }]);
    expect(res.errors).toEqual([{ path: 'line 3: cost', message: 'same source, account, date, channel, campaign and ad as line 2 but in USD instead of EUR' }]);
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
