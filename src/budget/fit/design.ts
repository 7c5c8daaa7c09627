/**
 * Calendar helpers and the baseline design: a linear level written as two
 * non-negative columns (the level at the start and at the end of the history,
 * so the baseline's trend line cannot go below zero and cannot trade a negative
 * intercept against large media effects), weekly Fourier terms (daily data),
 * annual Fourier terms (≥ one year of history) and one dummy per holiday name.
 */
import type { BaselineSpec, Frequency, Holiday } from '../model/types.js';

const dayMs = 86_400_000;
const isoDate = /^\d{4}-\d{2}-\d{2}$/;

/** Day number since 1970-01-01 of an ISO date, or undefined when it is not a real date. */
export function dayNumber(date: string): number | undefined {
  if (!isoDate.test(date)) return undefined;
  const ms = Date.parse(`${date}T00:00:00Z`);
  if (!Number.isFinite(ms) || new Date(ms).toISOString().slice(0, 10) !== date) return undefined;
  return Math.round(ms / dayMs);
}

/** ISO date of a day number. */
export function dateOfDay(day: number): string {
  return new Date(day * dayMs).toISOString().slice(0, 10);
}

/** Options of the baseline design. */
export interface BaselineOptions {
  frequency: Frequency;
  days: readonly number[];
  holidays?: readonly Holiday[];
}

/**
 * Chooses the baseline columns for a history: weekly harmonics only for daily
 * data, annual harmonics once the history covers a year, and only holidays
 * that fall inside the history (a dummy that is always 0 cannot be fitted).
 */
export function baselineSpec({ frequency, days, holidays = [] }: BaselineOptions): BaselineSpec {
  const startDay = days[0];
  const periodDays = frequency === 'daily' ? 1 : 7;
  const endDay = days[days.length - 1] + periodDays - 1;
  const span = Math.max(1, endDay - startDay + 1);
  const weeklyHarmonics = frequency === 'daily' ? 3 : 0;
  const annualHarmonics = span >= 365 ? 2 : 0;
  const byName = new Map<string, number[]>();
  for (const h of holidays) {
    const d = dayNumber(h.date);
    if (d === undefined || d < startDay || d > endDay) continue;
    const name = h.name ?? 'holiday';
    byName.set(name, [...(byName.get(name) ?? []), d]);
  }
  const holidayColumns = [...byName].map(([name, ds]) => ({ name, days: ds }));
  const columnNames = ['level_start', 'level_end'];
  for (let k = 1; k <= weeklyHarmonics; k++) columnNames.push(`weekly_sin${k}`, `weekly_cos${k}`);
  for (let k = 1; k <= annualHarmonics; k++) columnNames.push(`annual_sin${k}`, `annual_cos${k}`);
  for (const h of holidayColumns) columnNames.push(`holiday_${h.name}`);
  return { frequency, startDay, trendSpan: span, weeklyHarmonics, annualHarmonics, holidayColumns, columnNames };
}

/** Leading baseline columns that are levels (constrained ≥ 0 and not ridge-penalised). */
export const levelColumns = 2;

/**
 * The baseline row of the period starting on `day` (works for future periods
 * too): [1 − τ, τ, Fourier terms…, holiday counts…] with τ the share of the
 * history elapsed, so level_start·(1 − τ) + level_end·τ is the trend line.
 */
export function baselineRow(spec: BaselineSpec, day: number): number[] {
  const tau = (day - spec.startDay) / spec.trendSpan;
  const row = [1 - tau, tau];
  for (let k = 1; k <= spec.weeklyHarmonics; k++) {
    const angle = (2 * Math.PI * k * day) / 7;
    row.push(Math.sin(angle), Math.cos(angle));
  }
  // Weekly periods are placed at their mid-week for the annual cycle.
  const mid = spec.frequency === 'weekly' ? day + 3 : day;
  for (let k = 1; k <= spec.annualHarmonics; k++) {
    const angle = (2 * Math.PI * k * mid) / 365.25;
    row.push(Math.sin(angle), Math.cos(angle));
  }
  const periodDays = spec.frequency === 'daily' ? 1 : 7;
  for (const h of spec.holidayColumns) {
    row.push(h.days.filter((d) => d >= day && d < day + periodDays).length);
  }
  return row;
}

/** Baseline rows for a list of period start days. */
export function baselineRows(spec: BaselineSpec, days: readonly number[]): number[][] {
  return days.map((d) => baselineRow(spec, d));
}
