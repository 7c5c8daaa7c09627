import Big from 'big.js';
import type { SpendRecord } from '../records/events.js';

/**
 * What a spend import replaces, and how it reports it (design.md, "Spend
 * replacement"). A spend row's replacement key is (source, account or "",
 * campaign, ad, date); the channel is not part of it. Stores keep one row per
 * key and channel.
 *
 * - `keys` (the default): stored rows whose key is in the file are replaced.
 * - `range`: the stored rows of the file's sources (and accounts, where the
 *   file names one) from the file's first to its last date are deleted; those
 *   whose key comes back count as replaced, the rest as removed.
 *
 * Engines only select (or delete) the stored rows a {@link SpendDeletion}
 * names; {@link summarizeSpendReplacement} turns them into the answer, so
 * every engine counts the same way.
 */
export const spendReplaceModes = ['keys', 'range'] as const;
export type SpendReplaceMode = (typeof spendReplaceModes)[number];

/** Options of `Store.replaceSpend`. */
export interface SpendReplaceOptions {
  /** `keys` (default) or `range`. */
  replace?: SpendReplaceMode;
  /** Compute the answer without writing anything. */
  dryRun?: boolean;
}

/** The identity of a stored spend row (key plus channel). */
export interface StoredSpendKey {
  source: string;
  account: string;
  channel: string;
  campaign: string;
  ad: string;
  /** YYYY-MM-DD. */
  date: string;
}

export interface SpendChannelSummary {
  channel: string;
  /** File rows of this channel. */
  inserted: number;
  /** Stored rows of this channel whose key the file brings again. */
  replaced: number;
  /** Stored rows of this channel deleted by `--replace range` whose key the file does not bring. */
  removed: number;
  /** The file's spend in this channel (decimal string); null when its rows mix currencies. */
  spend: string | null;
  /** The currency of `spend`; null when mixed. */
  currency: string | null;
}

/** The answer of every spend import (and of its dry run). */
export interface SpendReplacement {
  inserted: number;
  replaced: number;
  removed: number;
  by_channel: SpendChannelSummary[];
}

/** What a replacement deletes, in engine-neutral terms. */
export type SpendDeletion =
  | { mode: 'keys'; keys: SpendKeyTuple[] }
  | {
      mode: 'range';
      /** (source, account) pairs; a null account means every account of the source. */
      groups: { source: string; account: string | null }[];
      from: string;
      to: string;
    };

/** A replacement key: (source, account, campaign, ad, date). */
export type SpendKeyTuple = [source: string, account: string, campaign: string, ad: string, date: string];

/** The source of a row: absent means a file without one, `generic`. */
export const spendSource = (r: Pick<SpendRecord, 'source'>): string => r.source || 'generic';
/** The account of a row: absent means "". */
export const spendAccount = (r: Pick<SpendRecord, 'account'>): string => r.account ?? '';

/** The replacement key of a file row. */
export function spendKeyOf(r: Pick<SpendRecord, 'source' | 'account' | 'campaign' | 'ad' | 'date'>): SpendKeyTuple {
  return [spendSource(r), spendAccount(r), r.campaign, r.ad, r.date];
}

const joinKey = (k: readonly string[]) => k.join('\u0000');

/**
 * The stored rows an import of `rows` deletes.
 *
 * @example
 * spendDeletion([{ source: 'google_ads', account: '', campaign: 'c', ad: 'a', date: '2026-11-20', … }], 'keys')
 * // → { mode: 'keys', keys: [['google_ads', '', 'c', 'a', '2026-11-20']] }
 */
export function spendDeletion(rows: readonly SpendRecord[], mode: SpendReplaceMode): SpendDeletion {
  if (mode === 'keys') {
    const keys = new Map<string, SpendKeyTuple>();
    for (const r of rows) {
      const k = spendKeyOf(r);
      keys.set(joinKey(k), k);
    }
    return { mode, keys: [...keys.values()] };
  }
  let from = rows[0]?.date ?? '';
  let to = from;
  const groups = new Map<string, { source: string; account: string | null }>();
  for (const r of rows) {
    if (r.date < from) from = r.date;
    if (r.date > to) to = r.date;
    const g = { source: spendSource(r), account: spendAccount(r) || null };
    groups.set(`${g.source}\u0000${g.account ?? '\u0001'}`, g);
  }
  return { mode, groups: [...groups.values()], from, to };
}

/**
 * Counts an import: every file row is `inserted`; a deleted stored row whose
 * key the file brings again is `replaced`, any other deleted row `removed`
 * (only `range` deletes such rows). Per channel: the stored row's channel for
 * replaced and removed, the file row's for inserted and spend.
 */
export function summarizeSpendReplacement(rows: readonly SpendRecord[], deleted: readonly StoredSpendKey[]): SpendReplacement {
  const fileKeys = new Set(rows.map((r) => joinKey(spendKeyOf(r))));
  const channels = new Map<string, { inserted: number; replaced: number; removed: number; spend: Big; currencies: Set<string> }>();
  const of = (channel: string) => {
    let c = channels.get(channel);
    if (!c) channels.set(channel, (c = { inserted: 0, replaced: 0, removed: 0, spend: new Big(0), currencies: new Set() }));
    return c;
  };
  for (const r of rows) {
    const c = of(r.channel);
    c.inserted++;
    c.spend = c.spend.plus(r.cost.amount);
    c.currencies.add(r.cost.currency);
  }
  let replaced = 0;
  let removed = 0;
  for (const d of deleted) {
    const back = fileKeys.has(joinKey([d.source, d.account, d.campaign, d.ad, d.date]));
    if (back) replaced++;
    else removed++;
    of(d.channel)[back ? 'replaced' : 'removed']++;
  }
  const by_channel = [...channels.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([channel, c]) => {
      const single = c.currencies.size === 1 ? [...c.currencies][0] : null;
      return {
        channel, inserted: c.inserted, replaced: c.replaced, removed: c.removed,
        spend: c.inserted === 0 ? '0' : single ? c.spend.toFixed() : null,
        currency: c.inserted === 0 ? null : single,
      };
    });
  return { inserted: rows.length, replaced, removed, by_channel };
}
