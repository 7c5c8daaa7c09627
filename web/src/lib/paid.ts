/** `totals.paid` of `/v1/kpis`: spend, revenue, ROAS, ROI and CPA over the channels with spend. */
export interface PaidTotals {
  spend: number | null;
  revenue: number | null;
  roas: number | null;
  roi: number | null;
  cpa: number | null;
  channels: string[];
}

const figure = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Reads `totals.paid` from a KPI answer's totals; undefined when the server did not send it. */
export function paidOf(totals: unknown): PaidTotals | undefined {
  const paid = totals && typeof totals === 'object' ? (totals as { paid?: unknown }).paid : undefined;
  if (!paid || typeof paid !== 'object') return undefined;
  const p = paid as Record<string, unknown>;
  return {
    spend: figure(p.spend),
    revenue: figure(p.revenue),
    roas: figure(p.roas),
    roi: figure(p.roi),
    cpa: figure(p.cpa),
    channels: Array.isArray(p.channels) ? p.channels.filter((c): c is string => typeof c === 'string') : [],
  };
}
