import type { CohortCount } from '../../customers/cohorts/cohort-counts.js';
import type { AcquiredRevenue, ClvSummaries, RfmScoreCounts } from '../store.js';
import { dayMs, dayStart } from './base-sql.js';
import type { ClickHouseEventStore } from './clickhouse-event-store.js';
import { acquiredRevenueSql, firstPurchasesSql } from './acquisition-sql.js';
import { clvSummariesSql, clvSummaryMembersSql } from './clv-sql.js';
import { cohortCountsSql, type CohortGrouping } from './cohort-sql.js';
import { lastSaleDaySql, rfmScoreCountsSql, rfmTopCustomersSql } from './rfm-sql.js';
import { rfmTopLimit } from '../../customers/rfm/rfm.js';

/**
 * Customer analyses answered with aggregates computed in ClickHouse: the rows that reach
 * Node are bounded by the number of scores or periods, not by the number of customers or
 * sales. Whole-history queries use the range 1970-01-01 … `to`, like `customerTransactions`,
 * so people are stitched the same way. Days, weeks and months are the local ones of `timeZone`
 * (the workspace's): day numbers count local dates, and a range ends at local midnight.
 */

type Row = Record<string, unknown>;
const dayString = (day: number) => new Date(day * dayMs).toISOString().slice(0, 10);

/** RFM score counts as of `asOf` (default: the day of the last sale) and R/F `compareDays` earlier. */
export async function rfmScoreCounts(ch: ClickHouseEventStore, workspaceId: string, base: string, timeZone: string, query: { asOf?: string; compareDays: number }): Promise<RfmScoreCounts> {
  const c = ch.ctx(workspaceId, base, '1970-01-01', query.asOf ?? '2999-12-31', 30, timeZone);
  let asOfDay: number;
  if (query.asOf !== undefined) asOfDay = dayStart(query.asOf) / dayMs;
  else {
    const [last] = await ch.query<Row>(lastSaleDaySql(c));
    if (!last || Number(last.sales) === 0) return { as_of: null, previous_as_of: null, counts: [], top: [] };
    asOfDay = Number(last.last_day);
  }
  const previousDay = asOfDay - query.compareDays;
  const [rows, top] = await Promise.all([
    ch.query<Row>(rfmScoreCountsSql(c, asOfDay, previousDay)),
    ch.query<Row>(rfmTopCustomersSql(c, asOfDay, previousDay, rfmTopLimit)),
  ]);
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
    top: top.map((r) => ({
      customer_id: String(r.person),
      recency_days: Number(r.recency_days),
      frequency: Number(r.orders),
      monetary: Number(r.revenue_micros) / 1e6,
      r: Number(r.r),
      f: Number(r.f),
      m: Number(r.m),
    })),
  };
}

/** Cohort counts over every sale: acquisition period (and channel or campaign) × periods since. */
export async function cohortCounts(ch: ClickHouseEventStore, workspaceId: string, base: string, timeZone: string, query: { period: 'week' | 'month'; by: CohortGrouping }): Promise<CohortCount[]> {
  const rows = await ch.query<Row>(cohortCountsSql(ch.ctx(workspaceId, base, '1970-01-01', '2999-12-31', 30, timeZone), query.period, query.by));
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

/** The CLV models' per-customer statistics as of the calibration end (default: the last sale's day), identical ones counted together. */
export async function clvSummaries(ch: ClickHouseEventStore, workspaceId: string, base: string, timeZone: string, query: { calibrationEnd?: string }): Promise<ClvSummaries> {
  const c = ch.ctx(workspaceId, base, '1970-01-01', '2999-12-31', 30, timeZone);
  let day: number;
  if (query.calibrationEnd !== undefined) day = dayStart(query.calibrationEnd) / dayMs;
  else {
    const [last] = await ch.query<Row>(lastSaleDaySql(c));
    if (!last || Number(last.sales) === 0) return { calibration_end: null, groups: [] };
    day = Number(last.last_day);
  }
  const rows = await ch.query<Row>(clvSummariesSql(c, day));
  return {
    calibration_end: dayString(day),
    groups: rows.map((r) => ({
      key: String(r.key),
      frequency: Number(r.x),
      recency_days: Number(r.recency_days),
      age_days: Number(r.age_days),
      repeat_value: Number(r.repeat_micros) / 1e6,
      customers: Number(r.customers),
    })),
  };
}

/** Up to `limit` customer ids (smallest first) of each summary group named (of every group without `keys`). */
export async function clvSummaryMembers(ch: ClickHouseEventStore, workspaceId: string, base: string, timeZone: string, query: { calibrationEnd: string; keys?: string[]; limit: number }): Promise<{ key: string; customer_id: string }[]> {
  const c = ch.ctx(workspaceId, base, '1970-01-01', '2999-12-31', 30, timeZone);
  const rows = await ch.query<Row>(clvSummaryMembersSql(c, dayStart(query.calibrationEnd) / dayMs, query.keys, query.limit));
  return rows.map((r) => ({ key: String(r.key), customer_id: String(r.person) }));
}

/** Revenue of the customers first buying from `from` to `to` (inclusive), by acquisition channel and period since. */
export async function acquiredRevenue(ch: ClickHouseEventStore, workspaceId: string, base: string, timeZone: string, query: { from: string; to: string; periodDays: number }): Promise<AcquiredRevenue[]> {
  const c = ch.ctx(workspaceId, base, '1970-01-01', '2999-12-31', 30, timeZone);
  const rows = await ch.query<Row>(acquiredRevenueSql(c, dayStart(query.from) / dayMs, dayStart(query.to) / dayMs, query.periodDays));
  return rows.map((r) => ({ channel: String(r.channel), period: Number(r.period), buyers: Number(r.buyers), revenue: Number(r.revenue_micros) / 1e6 }));
}

/** First purchases per day over every sale up to `to` (the budget's new-customers outcome). */
export async function firstPurchasesByDay(ch: ClickHouseEventStore, workspaceId: string, base: string, timeZone: string, query: { to: string }): Promise<Map<string, number>> {
  const rows = await ch.query<Row>(firstPurchasesSql(ch.ctx(workspaceId, base, '1970-01-01', query.to, 30, timeZone)));
  return new Map(rows.map((r) => [dayString(Number(r.day)), Number(r.customers)]));
}
