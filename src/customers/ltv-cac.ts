/**
 * LTV:CAC and payback period per acquisition group (channel, campaign or partner).
 */
import { AppError } from '../shared/errors.js';

export interface AcquisitionGroup {
  group: string;
  /** Customers acquired. */
  customers: number;
  /** Total acquisition cost of those customers. */
  acquisition_cost: number;
  /** Revenue of the group's customers in period 0, 1, 2, … since acquisition (totals, not per customer). */
  revenue_by_period: readonly number[];
}

export interface LtvCacRow {
  group: string;
  customers: number;
  /** Acquisition cost per customer. */
  cac: number;
  /** Margin-weighted revenue per customer over the periods given (historical LTV). */
  ltv: number;
  /** ltv / cac; null when the acquisition cost is zero. */
  ltv_cac: number | null;
  /**
   * Periods until cumulative margin per customer reaches CAC, linearly interpolated inside the
   * period where it crosses (1.5 = half-way through the second period); 0 when CAC is 0; null when
   * not paid back within the data.
   */
  payback_periods: number | null;
}

/**
 * Computes per group CAC, historical LTV (revenue × margin per customer), LTV:CAC and the payback
 * period.
 *
 * @example ltvCac([{ group: 'search', customers: 10, acquisition_cost: 500, revenue_by_period: [300, 400, 200] }])
 *   // cac 50, ltv 90, ltv_cac 1.8, payback 1.5 periods (30 after the first period, 50 half-way through the second)
 */
export function ltvCac(groups: readonly AcquisitionGroup[], options: { margin?: number } = {}): LtvCacRow[] {
  const margin = options.margin ?? 1;
  if (!(margin > 0 && margin <= 1)) throw new AppError('invalid_input', `margin must be in (0, 1], got ${margin}`);
  return groups.map((g) => {
    const where = `group ${g.group}`;
    if (!(Number.isInteger(g.customers) && g.customers > 0)) throw new AppError('invalid_input', `${where}: customers must be a positive integer`);
    if (!(g.acquisition_cost >= 0 && Number.isFinite(g.acquisition_cost))) throw new AppError('invalid_input', `${where}: acquisition cost must be a non-negative number`);
    if (g.revenue_by_period.some((v) => !Number.isFinite(v))) throw new AppError('invalid_input', `${where}: revenue must be finite numbers`);
    const cac = g.acquisition_cost / g.customers;
    const perCustomer = g.revenue_by_period.map((v) => (v * margin) / g.customers);
    const ltv = perCustomer.reduce((s, v) => s + v, 0);
    let payback: number | null = cac === 0 ? 0 : null;
    let cumulative = 0;
    for (let k = 0; k < perCustomer.length && payback === null; k++) {
      const next = cumulative + perCustomer[k];
      if (next >= cac && perCustomer[k] > 0) payback = k + (cac - cumulative) / perCustomer[k];
      cumulative = next;
    }
    return { group: g.group, customers: g.customers, cac, ltv, ltv_cac: cac > 0 ? ltv / cac : null, payback_periods: payback };
  });
}
