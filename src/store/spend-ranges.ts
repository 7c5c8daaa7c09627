import type { SpendRecord } from '../ingest/records.js';

/**
 * What a spend import replaces: per channel, the range of dates the new rows
 * cover. Every adapter deletes (or tombstones) the stored rows of these ranges
 * before inserting, so re-importing a range replaces it and never doubles it.
 */
export function spendRangesByChannel(rows: readonly SpendRecord[]): Map<string, { from: string; to: string }> {
  const ranges = new Map<string, { from: string; to: string }>();
  for (const r of rows) {
    const range = ranges.get(r.channel);
    if (!range) ranges.set(r.channel, { from: r.date, to: r.date });
    else {
      if (r.date < range.from) range.from = r.date;
      if (r.date > range.to) range.to = r.date;
    }
  }
  return ranges;
}
