import type { CohortCount } from '../../customers/cohort-counts.js';
import type { RfmScoreCounts } from '../store.js';
import { dayMs, dayStart } from './base-sql.js';
import type { ClickHouseEventStore } from './clickhouse-event-store.js';
import { cohortCountsSql, type CohortGrouping } from './cohort-sql.js';
import { lastSaleDaySql, rfmScoreCountsSql } from './rfm-sql.js';

/**
 * Customer analyses answered with aggregates computed in ClickHouse: the rows that reach
 * Node are bounded by the number of scores or periods, not by the number of customers or
 * sales. Whole-history queries use the range 1970-01-01 … `to`, like `customerTransactions`,
 * so people are stitched the same way.
 */

type Row = Record<string, unknown>;
const dayString = (day: number) => new Date(day * dayMs).toISOString().slice(0, 10);

/** RFM score counts as of `asOf` (default: the day of the last sale) and R/F `compareDays` earlier. */
export async function rfmScoreCounts(ch: ClickHouseEventStore, workspaceId: string, base: string, query: { asOf?: string; compareDays: number }): Promise<RfmScoreCounts> {
  const c = ch.ctx(workspaceId, base, '1970-01-01', query.asOf ?? '2999-12-31', 30);
  let asOfDay: number;
  if (query.asOf !== undefined) asOfDay = dayStart(query.asOf) / dayMs;
  else {
    const [last] = await ch.query<Row>(lastSaleDaySql(c));
    if (!last || Number(last.sales) === 0) return { as_of: null, previous_as_of: null, counts: [] };
    asOfDay = Number(last.last_day);
  }
  const previousDay = asOfDay - query.compareDays;
  const rows = await ch.query<Row>(rfmScoreCountsSql(c, asOfDay, previousDay));
  return {
    as_of: dayString(asOfDay),
    previous_as_of: dayString(previousDay),
    counts: rows.map((r) => ({
      was: Number(r.has_was) === 1 ? { r: Number(r.was_r), f: Number(r.was_f) } : null,
      r: Number(r.r),
      f: Number(r.f),
      m: Number(r.m),
      customers: Number(r.customers),
      revenue: Number(r.revenue_micros) / 1e6,
    })),
  };
}

/** Cohort counts over every sale: acquisition period (and channel or campaign) × periods since. */
export async function cohortCounts(ch: ClickHouseEventStore, workspaceId: string, base: string, query: { period: 'week' | 'month'; by: CohortGrouping }): Promise<CohortCount[]> {
  const rows = await ch.query<Row>(cohortCountsSql(ch.ctx(workspaceId, base, '1970-01-01', '2999-12-31', 30), query.period, query.by));
  return rows.map((r) => ({
    start: Number(r.start),
    group: query.by ? String(r.group_key) || '(unknown)' : null,
    offset: Number(r.offset),
    active: Number(r.active),
    revenue: Number(r.revenue_micros) / 1e6,
    kept: Number(r.kept),
    repeaters: Number(r.repeaters),
  }));
}
