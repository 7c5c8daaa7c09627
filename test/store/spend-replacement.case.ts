/**
 * Spend replacement (design.md "Spend replacement", issue 11 #1), part of the
 * store contract: every engine runs these cases through `runStoreContract`.
 * They use a workspace of their own; every expected figure is counted by hand
 * in the comments.
 */
import { expect, it } from 'vitest';
import { parseSpendCsv } from '../../src/ingest/csv/spend-csv.js';
import type { SpendRecord } from '../../src/records/events.js';
import type { Store } from '../../src/store/store.js';
import type { Workspace } from '../../src/records/workspace.js';

const spendWs: Workspace = { id: 'ws_spend', name: 'Spend', currency: 'EUR', timezone: 'UTC', margin: '1', write_key: 'wk_spend' };
const day = '2026-11-20';

const row = (source: string, campaign: string, ad: string, amount: string, date = day, extra: Partial<SpendRecord> = {}): SpendRecord => ({
  date, channel: 'paid_search', campaign, ad, source, cost: { amount, currency: 'EUR' }, impressions: 100, clicks: 10, pricing_model: 'cpc', ...extra,
});

/** The Google Ads export: one campaign, one ad group, one day. */
const googleExport = ['Day,Campaign,Ad group,Currency code,Cost,Impr.,Clicks', `${day},generic_search,ag1,EUR,400.00,10000,300`].join('\n');

export function spendReplacementCases(getStore: () => Store): void {
  const ws = spendWs.id;
  const paidSearchSpend = async (from = day, to = day) => {
    const facts = await getStore().kpiFacts(ws, { by: 'channel', from, to, lookbackDays: 30 });
    return facts.rows.find((r) => r.key === 'paid_search')?.measures.spend;
  };

  it('spend import replaces only its own source, account, campaign, ad and date (issue 11 #1)', async () => {
    const store = getStore();
    await store.ensureWorkspace(spendWs);
    // Several sources' paid_search spend on 2026-11-20: 120 + 90 + 60 + 350 + 80 = 700.
    const first = await store.replaceSpend(ws, [
      row('microsoft_ads', 'bing_generic', 'ag1', '120.00'),
      row('google_ads', 'brand', 'exact', '90.00'),
      row('google_ads', 'shopping', 'feed', '60.00'),
      row('google_ads', 'generic_search', 'ag1', '350.00'),
      row('legacy', 'generic_search', 'ag1', '80.00'),
    ]);
    expect(first).toMatchObject({ inserted: 5, replaced: 0, removed: 0 });
    expect(await paidSearchSpend()).toBe('700.000000');

    const parsed = parseSpendCsv(googleExport, { defaultCurrency: 'EUR' });
    expect(parsed.errors).toEqual([]);
    // A dry run counts the same and writes nothing.
    const preview = await store.replaceSpend(ws, parsed.rows, { dryRun: true });
    expect(await paidSearchSpend()).toBe('700.000000');
    const res = await store.replaceSpend(ws, parsed.rows);
    // Only (google_ads, "", generic_search, ag1, 2026-11-20) is replaced: 700 − 350 + 400 = 750.
    expect(res).toEqual({
      inserted: 1, replaced: 1, removed: 0,
      by_channel: [{ channel: 'paid_search', inserted: 1, replaced: 1, removed: 0, spend: '400', currency: 'EUR' }],
    });
    expect(preview).toEqual(res);
    expect(await paidSearchSpend()).toBe('750.000000');
  });

  it('--replace range deletes the source\'s whole date range; keys that come back are replaced, the rest removed', async () => {
    const store = getStore();
    // Stored google_ads on Nov 20: brand 90, shopping 60, generic_search 400. The file covers Nov 20 only.
    const parsed = parseSpendCsv(googleExport.replace('400.00', '410.00'), { defaultCurrency: 'EUR' });
    const preview = await store.replaceSpend(ws, parsed.rows, { replace: 'range', dryRun: true });
    expect(await paidSearchSpend()).toBe('750.000000');
    const res = await store.replaceSpend(ws, parsed.rows, { replace: 'range' });
    expect(res).toEqual({
      inserted: 1, replaced: 1, removed: 2,
      by_channel: [{ channel: 'paid_search', inserted: 1, replaced: 1, removed: 2, spend: '410', currency: 'EUR' }],
    });
    expect(preview).toEqual(res);
    // microsoft_ads 120 + legacy 80 + the new 410 = 610.
    expect(await paidSearchSpend()).toBe('610.000000');
  });

  it('a file naming an account replaces only that account; range mode reaches only the account\'s rows', async () => {
    const store = getStore();
    const d = '2026-11-21';
    await store.replaceSpend(ws, [
      row('google_ads', 'brand', 'exact', '10.00', d, { account: '111-111-1111' }),
      row('google_ads', 'brand', 'exact', '20.00', d, { account: '222-222-2222' }),
      row('google_ads', 'brand', 'exact', '30.00', d),
    ]);
    expect(await paidSearchSpend(d, d)).toBe('60.000000');
    const csv = ['Day,Customer ID,Campaign,Ad group,Currency code,Cost,Impr.,Clicks', `${d},111-111-1111,brand,exact,EUR,15.00,100,5`].join('\n');
    const parsed = parseSpendCsv(csv, { defaultCurrency: 'EUR' });
    expect(parsed.rows[0]).toMatchObject({ source: 'google_ads', account: '111-111-1111' });
    expect(await store.replaceSpend(ws, parsed.rows, { replace: 'range' })).toMatchObject({ inserted: 1, replaced: 1, removed: 0 });
    // 15 + 20 + 30.
    expect(await paidSearchSpend(d, d)).toBe('65.000000');
  });

  it('a file of 1,200 keys over 40 days (several slices of keys) replaces exactly its own rows', async () => {
    const store = getStore();
    await store.ensureWorkspace(spendWs);
    // 40 consecutive days from 2026-09-01 to 2026-10-10.
    const dates = Array.from({ length: 40 }, (_, i) => new Date(Date.UTC(2026, 8, 1 + i)).toISOString().slice(0, 10));
    expect(dates[39]).toBe('2026-10-10');
    const file = (amount: string) => dates.flatMap((date) => Array.from({ length: 30 }, (_, a) => row('bulk_ads', 'bulk', `ad${a}`, amount, date)));
    expect(await store.replaceSpend(ws, file('1.00'))).toMatchObject({ inserted: 1200, replaced: 0, removed: 0 });
    expect(await store.replaceSpend(ws, file('2.00'))).toMatchObject({ inserted: 1200, replaced: 1200, removed: 0 });
    // 1,200 rows × 2.00 = 2,400.
    expect(await paidSearchSpend('2026-09-01', '2026-10-31')).toBe('2400.000000');
  });

  it('replaced and removed rows count under the channel they were stored in', async () => {
    const store = getStore();
    const d = '2026-11-22';
    await store.replaceSpend(ws, [
      { ...row('tiktok_ads', 'launch', 'ugc_a', '50.00', d), channel: 'display' },
      { ...row('tiktok_ads', 'launch', 'ugc_b', '25.00', d), channel: 'display' },
    ]);
    const res = await store.replaceSpend(ws, [{ ...row('tiktok_ads', 'launch', 'ugc_a', '55.00', d), channel: 'paid_social' }], { replace: 'range' });
    expect(res).toEqual({
      inserted: 1, replaced: 1, removed: 1,
      by_channel: [
        { channel: 'display', inserted: 0, replaced: 1, removed: 1, spend: '0', currency: null },
        { channel: 'paid_social', inserted: 1, replaced: 0, removed: 0, spend: '55', currency: 'EUR' },
      ],
    });
    const facts = await store.kpiFacts(ws, { by: 'channel', from: d, to: d, lookbackDays: 30 });
    expect(facts.rows.find((r) => r.key === 'display')?.measures.spend ?? '0.000000').toBe('0.000000');
    expect(facts.rows.find((r) => r.key === 'paid_social')?.measures.spend).toBe('55.000000');
  });
}
