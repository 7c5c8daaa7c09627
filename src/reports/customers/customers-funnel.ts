/**
 * The CRM funnel report, shared by `roilens funnel` and `GET /v1/customers/funnel`:
 * normalize → fetch (funnel of the leads created in the range, spend and stage counts from the
 * KPI facts) → compute (rates, cost per MQL / SQL) → format.
 */
import type { CrmFunnelRow, CrmStage } from '../../store/customers.js';
import { invalid } from '../../shared/errors.js';
import type { Store } from '../../store/store.js';
import { ratio } from './customers-common.js';
import { resolveRange } from '../common/date-range.js';

export interface FunnelRequest {
  from?: string;
  to?: string;
  by?: string;
}

export interface FunnelStage {
  stage: CrmStage;
  count: number;
  /** count / count of the previous stage; null for the first stage or an empty previous stage. */
  rate_from_previous: number | null;
  /** Median days from the previous stage, over the leads that reached both; null when none did. */
  median_days: number | null;
}

export interface FunnelGroup {
  key: string;
  channel?: string;
  stages: FunnelStage[];
  spend: number;
  cost_per_mql: number | null;
  cost_per_sql: number | null;
}

export interface FunnelReport {
  from: string;
  to: string;
  by: 'channel' | 'campaign' | null;
  /** The leads created in the range and how far they got. */
  stages: FunnelStage[];
  spend: number;
  /** Spend in the range / MQLs (SQLs) reached in the range (mql_at, sql_at inside it). */
  mqls_in_range: number;
  sqls_in_range: number;
  cost_per_mql: number | null;
  cost_per_sql: number | null;
  rows: FunnelGroup[];
}

function stagesOf(row: CrmFunnelRow): FunnelStage[] {
  return row.stages.map((s, i) => ({
    stage: s.stage,
    count: s.count,
    rate_from_previous: i === 0 ? null : ratio(s.count, row.stages[i - 1].count),
    median_days: s.median_days,
  }));
}

/** Lead → MQL → SQL → opportunity → customer for the leads created in the range, with cost per MQL and SQL. */
export async function funnelReport(store: Store, workspaceId: string, req: FunnelRequest): Promise<FunnelReport> {
  const by = req.by === undefined || req.by === '' || req.by === 'total' ? null : req.by;
  if (by !== null && by !== 'channel' && by !== 'campaign') throw invalid('by', 'must be channel or campaign');
  const { from, to } = await resolveRange(store, workspaceId, req.from, req.to);
  const [funnel, facts] = await Promise.all([
    store.crmFunnel(workspaceId, { from, to, by }),
    store.kpiFacts(workspaceId, { by, from, to, lookbackDays: 30 }),
  ]);
  const total = funnel.find((r) => r.key === null) ?? { key: null, stages: [] };
  const spend = Number(facts.totals.spend);
  const factOf = (key: string, channel?: string) => facts.rows.find((r) => r.key === key && (channel === undefined || r.channel === channel))?.measures;
  const rows: FunnelGroup[] = funnel
    .filter((r) => r.key !== null)
    .map((r) => {
      const m = factOf(r.key!, r.channel);
      const groupSpend = Number(m?.spend ?? 0);
      return {
        key: r.key!,
        ...(r.channel ? { channel: r.channel } : {}),
        stages: stagesOf(r),
        spend: groupSpend,
        cost_per_mql: ratio(groupSpend, m?.mqls ?? 0),
        cost_per_sql: ratio(groupSpend, m?.sqls ?? 0),
      };
    });
  return {
    from,
    to,
    by,
    stages: stagesOf(total),
    spend,
    mqls_in_range: facts.totals.mqls,
    sqls_in_range: facts.totals.sqls,
    cost_per_mql: ratio(spend, facts.totals.mqls),
    cost_per_sql: ratio(spend, facts.totals.sqls),
    rows,
  };
}
