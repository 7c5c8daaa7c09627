/**
 * Funnel-planner assumptions prefilled from the workspace's own KPIs: the paid
 * channels' (those with spend) totals over a recent window give CPM, CTR,
 * visit rate, lead rate, close rate and AOV; any of them can be overridden.
 */
import Big from 'big.js';
import type { FunnelAssumptions } from '../budget/index.js';
import type { BaseMeasures, KpiFacts } from '../metrics/kpi-query.js';

export const funnelKeys = ['cpm', 'ctr', 'visit_rate', 'cvr', 'close_rate', 'aov'] as const;
export type FunnelKey = (typeof funnelKeys)[number];

export interface PrefilledAssumption {
  value: number | null;
  source: 'kpis' | 'override' | 'missing';
  /** How the value was computed, e.g. "spend 8422.35 × 1000 / impressions 1119146". */
  basis: string;
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

/**
 * Assumptions from paid-channel totals. Rates above 1 cannot be funnel rates
 * (more sessions than clicks when ads also bring return visits; more sales than
 * leads when people buy without becoming a lead) and are capped at 1 with the
 * reason in `basis`; with no leads recorded each sale counts as its own lead.
 */
export function assumptionsFromKpis(facts: KpiFacts): Record<FunnelKey, PrefilledAssumption> {
  const t = paidTotals(facts);
  const ratio = (num: number, den: number, basis: string, cap = false): PrefilledAssumption => {
    if (!(den > 0)) return { value: null, source: 'missing', basis: `${basis}: no data in the window` };
    const raw = num / den;
    if (cap && raw > 1) return { value: 1, source: 'kpis', basis: `${basis} = ${raw.toFixed(3)}, capped at 1` };
    if (!(raw > 0)) return { value: null, source: 'missing', basis: `${basis} is 0` };
    return { value: raw, source: 'kpis', basis };
  };
  const noLeads = t.leads === 0 && t.conversions > 0;
  return {
    cpm: ratio(t.spend * 1000, t.impressions, `spend ${t.spend.toFixed(2)} × 1000 / impressions ${t.impressions}`),
    ctr: ratio(t.clicks, t.impressions, `clicks ${t.clicks} / impressions ${t.impressions}`, true),
    visit_rate: ratio(t.sessions, t.clicks, `sessions ${t.sessions} / clicks ${t.clicks}`, true),
    cvr: noLeads
      ? ratio(t.conversions, t.sessions, `no leads recorded: sales ${t.conversions} / sessions ${t.sessions}`, true)
      : ratio(t.leads, t.sessions, `leads ${t.leads} / sessions ${t.sessions}`, true),
    close_rate: noLeads ? { value: 1, source: 'kpis', basis: 'no leads recorded: each sale is its own lead' } : ratio(t.conversions, t.leads, `sales ${t.conversions} / leads ${t.leads}`, true),
    aov: ratio(t.revenue, t.conversions, `revenue ${t.revenue.toFixed(2)} / sales ${t.conversions}`),
  };
}

/** Applies overrides on top of the prefilled values. */
export function withOverrides(prefilled: Record<FunnelKey, PrefilledAssumption>, overrides: Partial<Record<FunnelKey, number>>): Record<FunnelKey, PrefilledAssumption> {
  const out = { ...prefilled };
  for (const key of funnelKeys) {
    const v = overrides[key];
    if (v !== undefined) out[key] = { value: v, source: 'override', basis: `given (the KPIs say ${prefilled[key].value ?? 'nothing'})` };
  }
  return out;
}

/** The plain assumptions the funnel engine takes (missing values as NaN, which the engine's checks report). */
export function plainAssumptions(a: Record<FunnelKey, PrefilledAssumption>): FunnelAssumptions {
  const v = (key: FunnelKey) => a[key].value ?? Number.NaN;
  return { cpm: v('cpm'), ctr: v('ctr'), visit_rate: v('visit_rate'), cvr: v('cvr'), close_rate: v('close_rate'), aov: v('aov') };
}
