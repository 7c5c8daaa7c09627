import { describe, expect, it } from 'vitest';
import type { SpendRecord } from '../records/events.js';
import { unknownChannelWarnings } from '../ingest/importer.js';
import { spendDeletion, spendKeyOf, summarizeSpendReplacement, type StoredSpendKey } from './spend-ranges.js';

const rec = (p: Partial<SpendRecord> & Pick<SpendRecord, 'date' | 'channel' | 'campaign'>, amount = '1', currency = 'EUR'): SpendRecord =>
  ({ ad: '(not set)', cost: { amount, currency }, impressions: 0, clicks: 0, pricing_model: 'cpc', ...p });
const stored = (p: Partial<StoredSpendKey> & Pick<StoredSpendKey, 'campaign' | 'date' | 'channel'>): StoredSpendKey =>
  ({ source: 'generic', account: '', ad: '(not set)', ...p });

describe('spend replacement keys', () => {
  it('a row without source is generic and without account ""', () => {
    expect(spendKeyOf(rec({ date: '2026-11-20', channel: 'email', campaign: 'c' }))).toEqual(['generic', '', 'c', '(not set)', '2026-11-20']);
    expect(spendKeyOf(rec({ date: '2026-11-20', channel: 'email', campaign: 'c', source: 'mailchimp', account: 'a1' }))).toEqual(['mailchimp', 'a1', 'c', '(not set)', '2026-11-20']);
  });

  it('keys mode lists each key once; the channel is not part of it', () => {
    const rows = [
      rec({ date: '2026-11-20', channel: 'email', campaign: 'c', source: 's' }),
      rec({ date: '2026-11-20', channel: 'affiliates', campaign: 'c', source: 's' }),
      rec({ date: '2026-11-21', channel: 'email', campaign: 'c', source: 's' }),
    ];
    expect(spendDeletion(rows, 'keys')).toEqual({ mode: 'keys', keys: [['s', '', 'c', '(not set)', '2026-11-20'], ['s', '', 'c', '(not set)', '2026-11-21']] });
  });

  it('range mode: the file\'s first to last date, per source and (named) account', () => {
    const rows = [
      rec({ date: '2026-11-22', channel: 'paid_search', campaign: 'c', source: 'google_ads', account: '111' }),
      rec({ date: '2026-11-18', channel: 'paid_search', campaign: 'c', source: 'google_ads', account: '222' }),
      rec({ date: '2026-11-20', channel: 'paid_social', campaign: 'c', source: 'meta_ads' }),
    ];
    expect(spendDeletion(rows, 'range')).toEqual({
      mode: 'range', from: '2026-11-18', to: '2026-11-22',
      groups: [{ source: 'google_ads', account: '111' }, { source: 'google_ads', account: '222' }, { source: 'meta_ads', account: null }],
    });
  });
});

describe('summarizeSpendReplacement', () => {
  it('counts file rows as inserted, deleted rows whose key comes back as replaced, the others as removed', () => {
    const rows = [
      rec({ date: '2026-11-20', channel: 'paid_search', campaign: 'a', source: 'g' }, '400.00'),
      rec({ date: '2026-11-20', channel: 'paid_search', campaign: 'b', source: 'g' }, '0.10'),
      rec({ date: '2026-11-20', channel: 'display', campaign: 'c', source: 'g' }, '5', 'USD'),
    ];
    const deleted = [
      stored({ source: 'g', campaign: 'a', date: '2026-11-20', channel: 'paid_search' }),
      stored({ source: 'g', campaign: 'old', date: '2026-11-19', channel: 'paid_search' }),
      stored({ source: 'g', campaign: 'c', date: '2026-11-20', channel: 'email' }),
    ];
    // paid_search: 400.00 + 0.10 = 400.1 EUR; the email row's key (g, c) comes back under display.
    expect(summarizeSpendReplacement(rows, deleted)).toEqual({
      inserted: 3, replaced: 2, removed: 1,
      by_channel: [
        { channel: 'display', inserted: 1, replaced: 0, removed: 0, spend: '5', currency: 'USD' },
        { channel: 'email', inserted: 0, replaced: 1, removed: 0, spend: '0', currency: null },
        { channel: 'paid_search', inserted: 2, replaced: 1, removed: 1, spend: '400.1', currency: 'EUR' },
      ],
    });
  });

  it('a channel whose rows mix currencies has no single spend', () => {
    const rows = [rec({ date: '2026-11-20', channel: 'x', campaign: 'a' }, '1', 'EUR'), rec({ date: '2026-11-20', channel: 'x', campaign: 'b' }, '1', 'USD')];
    expect(summarizeSpendReplacement(rows, []).by_channel).toEqual([{ channel: 'x', inserted: 2, replaced: 0, removed: 0, spend: null, currency: null }]);
  });
});

describe('unknown spend channels (issue 11 #17)', () => {
  const rows = [
    rec({ date: '2026-11-20', channel: 'tiktok', campaign: 'a' }),
    rec({ date: '2026-11-20', channel: 'paid_social', campaign: 'b' }),
    rec({ date: '2026-11-20', channel: 'podcast', campaign: 'c' }),
  ];

  it('names each channel no default or workspace rule produces, its first line and how to map it', () => {
    const w = unknownChannelWarnings(rows, { tiktok: 2, paid_social: 3, podcast: 4 }, []);
    expect(w.map((x) => [x.code, x.channel, x.line])).toEqual([['unknown_channel', 'podcast', 4], ['unknown_channel', 'tiktok', 2]]);
    expect(w[1].message).toContain('"tiktok"');
    expect(w[1].message).toContain('--channel');
    expect(w[1].message).toContain('paid_social');
    expect(w[1].message).toContain('channel-rules editor');
  });

  it('a channel of the workspace\'s own rules is known', () => {
    expect(unknownChannelWarnings(rows, {}, [{ channel: 'podcast', medium: '^podcast$' }]).map((x) => x.channel)).toEqual(['tiktok']);
  });
});
