import { computeMetrics, metricsByName, type MetricContext } from './registry.js';
import type { KpiDimension, KpiFacts } from './kpi-query.js';

export type KpiValues = Record<string, number | null>;

export interface KpiReport {
  by: KpiDimension | null;
  from: string;
  to: string;
  currency: string;
  attribution: string;
  rows: Record<string, string | number | null>[];
  totals: KpiValues;
  previous?: { from: string; to: string; totals: KpiValues; change: KpiValues };
  warnings: string[];
}

/** Turns store facts into the KPI report: derived metrics per row, totals and change against the previous period. */
export function buildKpiReport(input: {
  by: KpiDimension | null;
  from: string;
  to: string;
  facts: KpiFacts;
  previous?: { from: string; to: string; facts: KpiFacts };
  ctx: MetricContext;
  metrics?: string[];
  /** The model that credited the facts' conversions; default last-non-direct (the store's). */
  attribution?: string;
}): KpiReport {
  const { by, facts, ctx, metrics } = input;
  const rows: Record<string, string | number | null>[] = facts.rows.map((row) => ({
    ...(by ? { [by]: row.key } : {}),
    ...(row.channel !== undefined && by !== 'channel' ? { channel: row.channel } : {}),
    ...computeMetrics(row.measures, ctx, metrics),
  }));
  const sortKey = by === 'day' || by === 'week' || by === 'month' ? null : 'spend';
  rows.sort((a, b) =>
    sortKey
      ? Number(b[sortKey] ?? 0) - Number(a[sortKey] ?? 0) || Number(b.conversions ?? 0) - Number(a.conversions ?? 0) || String(a[by!]).localeCompare(String(b[by!]))
      : String(a[by!]).localeCompare(String(b[by!])),
  );
  const totals = computeMetrics(facts.totals, ctx, metrics);
  const report: KpiReport = { by, from: input.from, to: input.to, currency: facts.currency, attribution: input.attribution ?? 'last-non-direct', rows, totals, warnings: [...facts.warnings] };
  if (input.previous) {
    const prevTotals = computeMetrics(input.previous.facts.totals, ctx, metrics);
    report.previous = { from: input.previous.from, to: input.previous.to, totals: prevTotals, change: changeBetween(totals, prevTotals) };
  }
  return report;
}

/** Relative change per metric (0.12 = +12%); null when the previous value is 0 or missing. */
export function changeBetween(current: KpiValues, previous: KpiValues): KpiValues {
  const out: KpiValues = {};
  for (const name of Object.keys(current)) {
    const c = current[name];
    const p = previous[name];
    out[name] = c === null || p === null || p === undefined || p === 0 ? null : (c - p) / Math.abs(p);
  }
  return out;
}

/** The period of equal length that ends the day before `from`. */
export function previousPeriod(from: string, to: string): { from: string; to: string } {
  const day = 86_400_000;
  const start = Date.parse(`${from}T00:00:00Z`);
  const end = Date.parse(`${to}T00:00:00Z`);
  const length = Math.round((end - start) / day) + 1;
  const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  return { from: iso(start - length * day), to: iso(start - day) };
}

export function isKnownMetric(name: string): boolean {
  return metricsByName.has(name);
}
