/** The daily chart's data: one point per day of the range. Pure. */
import { eachDay, type DateRange } from './dates';

type Row = Record<string, string | number | null | undefined>;

/**
 * Every day of `range` with each metric's value; a day the API has no row
 * for is 0 (nothing was spent, sold or converted), and a value the row
 * leaves null stays null. Meant for additive metrics (sums and counts),
 * for which a day without data really is zero.
 *
 * @example dailySeries([{ day: '2026-01-02', spend: 5 }], { from: '2026-01-01', to: '2026-01-03' }, ['spend'])
 *   // { days: ['2026-01-01', '2026-01-02', '2026-01-03'], series: { spend: [0, 5, 0] } }
 */
export function dailySeries(rows: readonly Row[], range: DateRange, metrics: readonly string[]): { days: string[]; series: Record<string, Array<number | null>> } {
  const byDay = new Map<string, Row>();
  for (const row of rows) {
    const day = String(row.day ?? row.date ?? '').slice(0, 10);
    if (day) byDay.set(day, row);
  }
  const days = eachDay(range);
  const series: Record<string, Array<number | null>> = {};
  for (const metric of metrics) {
    series[metric] = days.map((day) => {
      const row = byDay.get(day);
      if (!row) return 0;
      const value = row[metric];
      return typeof value === 'number' && Number.isFinite(value) ? value : null;
    });
  }
  return { days, series };
}
