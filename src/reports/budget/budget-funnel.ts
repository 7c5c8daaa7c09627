/**
 * Funnel-planner assumptions prefilled from the workspace's own data over one
 * window: the paid channels' (those with spend) KPIs give CPM, CTR, visit
 * rate, sales per visit and AOV, their CRM funnel gives leads per visit and
 * sales per lead; any of them can be overridden.
 */
import Big from 'big.js';
import { budgetMessage, type BudgetMessage, type FunnelAssumptions } from '../../budget/index.js';
import type { BaseMeasures, KpiFacts } from '../../metrics/kpi-query.js';
import type { CrmFunnelRow } from '../../store/customers.js';

export const funnelKeys = ['cpm', 'ctr', 'visit_rate', 'cvr', 'close_rate', 'sales_rate', 'aov'] as const;
export type FunnelKey = (typeof funnelKeys)[number];
export type FunnelPath = 'leads' | 'visits';

export interface PrefilledAssumption {
  value: number | null;
  source: 'kpis' | 'crm' | 'override' | 'missing';
  /** How the value was computed (English), e.g. "spend 8422.35 × 1000 / impressions 1119146". */
  basis: string;
  /** The same as an id with parameters (the dashboard words it). */
  basis_message: BudgetMessage;
  /** The ratio before it was capped at 1 (more sessions than clicks when ads also bring return visits). */
  capped_from?: number;
}

/** Sums the base measures of the rows with spend (the paid channels). */
export function paidTotals(facts: KpiFacts): { spend: number; impressions: number; clicks: number; sessions: number; leads: number; conversions: number; revenue: number; channels: string[] } {
  const paid = facts.rows.filter((r) => new Big(r.measures.spend).gt(0));
  const total = (key: keyof BaseMeasures) => paid.reduce((acc, r) => acc + Number(r.measures[key]), 0);
  const money = (key: 'spend' | 'revenue') => Number(paid.reduce((acc, r) => acc.plus(r.measures[key]), new Big(0)));
  return {
    spend: money('spend'),
    impressions: total('impressions'),
    clicks: total('clicks'),
    sessions: total('sessions'),
    leads: total('leads'),
    conversions: total('conversions'),
    revenue: money('revenue'),
    channels: paid.map((r) => r.key),
  };
}

/** The CRM funnel of the paid channels: leads created in the window and how many of them became customers. */
export function paidCrm(crm: readonly CrmFunnelRow[], channels: readonly string[]): { leads: number; customers: number } {
  const rows = crm.filter((r) => r.key !== null && channels.includes(r.key));
  const count = (stage: string) => rows.reduce((acc, r) => acc + (r.stages.find((s) => s.stage === stage)?.count ?? 0), 0);
  return { leads: count('lead'), customers: count('customer') };
}

export interface FunnelBasis {
  assumptions: Record<FunnelKey, PrefilledAssumption>;
  /** `leads` when at least half the paid sales were by leads of the window, else `visits`. */
  path: FunnelPath;
  path_message: BudgetMessage;
}

/**
 * One source of rates for the funnel planner, over one window and the paid
 * channels (those with spend): CPM, CTR, visits per click, sales per visit
 * and AOV from the KPIs; leads per visit and sales per lead from the CRM
 * funnel of the leads created in the window (the same numbers the CRM
 * funnel shows). When fewer than half the paid sales were by those leads,
 * sales do not come through leads, and the plan runs visits → sales
 * (`path: 'visits'`) with leads counted beside; otherwise visits → leads →
 * sales. `path` forces one.
 * @example 20 leads, 1 customer among them, 10 paid sales → close rate 0.05, path visits (1 of 10 sales by a lead).
 */
export function funnelBasis(facts: KpiFacts, crm: readonly CrmFunnelRow[], range: { from: string; to: string }, path?: FunnelPath): FunnelBasis {
  const t = paidTotals(facts);
  const c = paidCrm(crm, t.channels);
  const dates = { start: range.from, end: range.to };
  const ratio = (num: number, den: number, message: BudgetMessage, source: 'kpis' | 'crm', cap = false): PrefilledAssumption => {
    if (!(den > 0)) return { value: null, source: 'missing', basis: `${message.text}: no data in the window`, basis_message: message };
    const raw = num / den;
    if (cap && raw > 1) return { value: 1, source, basis: `${message.text} = ${raw.toFixed(3)}, capped at 1`, basis_message: message, capped_from: raw };
    if (!(raw > 0)) return { value: null, source: 'missing', basis: `${message.text} is 0`, basis_message: message };
    return { value: raw, source, basis: message.text, basis_message: message };
  };
  const salesFromLeads = Math.min(c.customers, t.conversions);
  const chosen: FunnelPath = path ?? (t.conversions > 0 ? (salesFromLeads >= 0.5 * t.conversions ? 'leads' : 'visits') : c.leads > 0 ? 'leads' : 'visits');
  const share = t.conversions > 0 ? Math.round((100 * salesFromLeads) / t.conversions) : 0;
  const pathParams = { sales_from_leads: c.customers, sales: t.conversions, share_pct: share, ...dates };
  const cvr = ratio(c.leads, t.sessions, budgetMessage('budget.msg.basis_cvr', { leads: c.leads, sessions: t.sessions, ...dates }), 'crm', true);
  return {
    assumptions: {
      cpm: ratio(t.spend * 1000, t.impressions, budgetMessage('budget.msg.basis_cpm', { spend_money: round2(t.spend), impressions: t.impressions }), 'kpis'),
      ctr: ratio(t.clicks, t.impressions, budgetMessage('budget.msg.basis_ctr', { clicks: t.clicks, impressions: t.impressions }), 'kpis', true),
      visit_rate: ratio(t.sessions, t.clicks, budgetMessage('budget.msg.basis_visit_rate', { sessions: t.sessions, clicks: t.clicks }), 'kpis', true),
      // On the visits path leads are only counted beside the sales: none recorded is 0, not missing.
      cvr: chosen === 'visits' && cvr.value === null && t.sessions > 0 ? { ...cvr, value: 0, source: 'crm' } : cvr,
      close_rate: ratio(c.customers, c.leads, budgetMessage('budget.msg.basis_close_rate', { customers: c.customers, leads: c.leads, ...dates }), 'crm', true),
      sales_rate: ratio(t.conversions, t.sessions, budgetMessage('budget.msg.basis_sales_rate', { sales: t.conversions, sessions: t.sessions }), 'kpis', true),
      aov: ratio(t.revenue, t.conversions, budgetMessage('budget.msg.basis_aov', { revenue_money: round2(t.revenue), sales: t.conversions }), 'kpis'),
    },
    path: chosen,
    path_message: path ? budgetMessage('budget.msg.path_given', { path }) : budgetMessage(chosen === 'leads' ? 'budget.msg.path_leads' : 'budget.msg.path_visits', pathParams),
  };
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

/** Applies overrides on top of the prefilled values. */
export function withOverrides(prefilled: Record<FunnelKey, PrefilledAssumption>, overrides: Partial<Record<FunnelKey, number>>): Record<FunnelKey, PrefilledAssumption> {
  const out = { ...prefilled };
  for (const key of funnelKeys) {
    const v = overrides[key];
    if (v !== undefined) out[key] = { ...prefilled[key], value: v, source: 'override', basis: `given (the data say ${prefilled[key].value ?? 'nothing'}: ${prefilled[key].basis})` };
  }
  return out;
}

/** The plain assumptions the funnel engine takes (missing values as NaN, which the engine's checks report). */
export function plainAssumptions(a: Record<FunnelKey, PrefilledAssumption>, path: FunnelPath = 'leads'): FunnelAssumptions {
  const v = (key: FunnelKey) => a[key].value ?? Number.NaN;
  return { cpm: v('cpm'), ctr: v('ctr'), visit_rate: v('visit_rate'), cvr: v('cvr'), close_rate: v('close_rate'), sales_rate: v('sales_rate'), aov: v('aov'), path };
}
