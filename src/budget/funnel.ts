/**
 * The budget conversion model of the RACE planning framework:
 * budget → impressions (CPM) → clicks (CTR) → visits → leads (CVR) →
 * customers (close rate) → revenue (AOV). Each stage is a rate, so the goal-seek
 * is the forward chain inverted. When sales do not come through leads (a shop
 * where people buy without signing up), the `visits` path plans sales from
 * visits (sales per visit) and leads are a side count of the same visits.
 */

export interface FunnelAssumptions {
  /** Cost per 1000 impressions. */
  cpm: number;
  /** Clicks per impression. */
  ctr: number;
  /** Visits (landed sessions) per click, default 1. */
  visit_rate?: number;
  /** Leads per visit. */
  cvr: number;
  /** Customers per lead (the `leads` path). */
  close_rate: number;
  /** `leads` (default): visits → leads → sales; `visits`: visits → sales, leads beside. */
  path?: 'leads' | 'visits';
  /** Sales per visit (the `visits` path). */
  sales_rate?: number;
  /** Revenue per customer. */
  aov: number;
}

export interface FunnelResult {
  budget: number;
  impressions: number;
  clicks: number;
  visits: number;
  leads: number;
  customers: number;
  revenue: number;
  cpa: number | null;
  roas: number | null;
}

/** Visits bought by one unit of budget. */
function visitsPerUnit(a: FunnelAssumptions): number {
  return (1000 / a.cpm) * a.ctr * (a.visit_rate ?? 1);
}

/** Customers per visit on the assumptions' path. */
function customersPerVisit(a: FunnelAssumptions): number {
  return a.path === 'visits' ? (a.sales_rate ?? Number.NaN) : a.cvr * a.close_rate;
}

/**
 * Runs a budget down the funnel.
 * @example funnelForward(1000, { cpm: 10, ctr: 0.02, cvr: 0.1, close_rate: 0.25, aov: 80 }).customers // 5
 */
export function funnelForward(budget: number, a: FunnelAssumptions): FunnelResult {
  const impressions = (budget / a.cpm) * 1000;
  const clicks = impressions * a.ctr;
  const visits = clicks * (a.visit_rate ?? 1);
  const leads = visits * a.cvr;
  const customers = visits * customersPerVisit(a);
  const revenue = customers * a.aov;
  return { budget, impressions, clicks, visits, leads, customers, revenue, cpa: customers > 0 ? budget / customers : null, roas: budget > 0 ? revenue / budget : null };
}

export type FunnelGoal = { customers: number } | { revenue: number } | { leads: number };

/** The budget that reaches a goal (sales, revenue or leads), with the full funnel at that budget. */
export function funnelGoalSeek(goal: FunnelGoal, a: FunnelAssumptions): FunnelResult {
  const perUnit = visitsPerUnit(a);
  if ('leads' in goal) return funnelForward(goal.leads / (perUnit * a.cvr), a);
  const customers = 'customers' in goal ? goal.customers : goal.revenue / a.aov;
  return funnelForward(customers / (perUnit * customersPerVisit(a)), a);
}

/** Problems with the assumptions (empty when usable): each rate positive, rates at most 1. */
export function funnelAssumptionIssues(a: FunnelAssumptions): { path: string; message: string }[] {
  const issues: { path: string; message: string }[] = [];
  const positive = a.path === 'visits' ? (['cpm', 'ctr', 'sales_rate', 'aov'] as const) : (['cpm', 'ctr', 'cvr', 'close_rate', 'aov'] as const);
  for (const key of positive) if (!(Number(a[key]) > 0)) issues.push({ path: key, message: 'must be a positive number' });
  if (a.path === 'visits' && !(a.cvr >= 0)) issues.push({ path: 'cvr', message: 'must be a number ≥ 0' });
  if (a.visit_rate !== undefined && !(a.visit_rate > 0)) issues.push({ path: 'visit_rate', message: 'must be a positive number' });
  for (const key of ['ctr', 'visit_rate', 'cvr', 'close_rate', 'sales_rate'] as const) {
    if (a[key] !== undefined && Number(a[key]) > 1) issues.push({ path: key, message: 'is a rate and must be at most 1 (e.g. 0.02 for 2%)' });
  }
  return issues;
}
