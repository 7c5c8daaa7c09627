import { minorDigits } from '../../money/currency.js';
import { buildKpiReport, channelMeasuresOf, isKnownMetric, previousPeriod, type KpiReport } from '../../metrics/kpi-report.js';
import { kpiDimensions, type KpiDimension } from '../../metrics/kpi-query.js';
import { AppError, invalid } from '../../shared/errors.js';
import type { Store } from '../../store/store.js';
import { factsUnderModel } from './attribution-kpi.js';
import { attributionDimensions, parseModel, type AttributionDimension } from '../attribution/attribution-options.js';
import { resolveRange } from '../common/date-range.js';
import { workspaceCalendar } from '../workspace/workspace-display.js';

export interface KpiRequest {
  by?: string;
  from?: string;
  to?: string;
  compare?: string;
  metrics?: string;
  lookback?: string | number;
  /** Attribution model of conversions and revenue (by channel, campaign or ad); default last-non-direct. */
  model?: string;
}

/**
 * The KPI report, shared by `roilens kpi` and `GET /v1/kpis`:
 * normalize → fetch (store facts) → compute (registry) → format.
 */
export async function kpiReport(store: Store, workspaceId: string, req: KpiRequest): Promise<KpiReport> {
  const q = await normalize(store, workspaceId, req);
  const ws = await store.getWorkspace(workspaceId);
  if (!ws) throw new AppError('not_found', `workspace ${workspaceId} does not exist`);
  // Week starts and month buckets follow the workspace calendar (Jalali: weeks from Saturday, months 1405-09).
  const { calendar } = await workspaceCalendar(store, ws);
  let facts = await store.kpiFacts(workspaceId, { by: q.by, from: q.from, to: q.to, lookbackDays: q.lookback, calendar });
  // totals.paid needs each channel's spend (rows by channel, campaign or ad, else the store's per-channel
  // facts). Like every total it does not depend on the model: it is taken before the model moves conversions.
  let channels = channelMeasuresOf(q.by, facts);
  if (q.model && q.model !== 'last-non-direct' && q.by) {
    facts = await factsUnderModel(store, workspaceId, facts, { model: q.model, by: q.by as AttributionDimension, from: q.from, to: q.to, lookbackDays: q.lookback });
  }
  // A store that does not answer per channel: one more query.
  if (!channels) channels = channelMeasuresOf('channel', await store.kpiFacts(workspaceId, { by: 'channel', from: q.from, to: q.to, lookbackDays: q.lookback }));
  let previous;
  if (q.compare) {
    const p = previousPeriod(q.from, q.to);
    previous = { ...p, facts: await store.kpiFacts(workspaceId, { by: null, from: p.from, to: p.to, lookbackDays: q.lookback }) };
  }
  return buildKpiReport({
    by: q.by, from: q.from, to: q.to, facts, previous, metrics: q.metrics, channels,
    ctx: { margin: Number(ws.margin), moneyDigits: minorDigits(ws.currency) },
    ...(q.model ? { attribution: q.model } : {}),
    calendar,
  });
}

async function normalize(store: Store, workspaceId: string, req: KpiRequest) {
  let by: KpiDimension | null = null;
  if (req.by !== undefined && req.by !== '' && req.by !== 'total') {
    if (!(kpiDimensions as readonly string[]).includes(req.by)) {
      throw new AppError('invalid_input', `by: must be one of ${kpiDimensions.join(', ')}, got "${req.by}"`, [{ path: 'by', message: `must be one of ${kpiDimensions.join(', ')}` }]);
    }
    by = req.by as KpiDimension;
  }
  const { from, to } = await resolveRange(store, workspaceId, req.from, req.to);
  const metrics = req.metrics ? req.metrics.split(',').map((m) => m.trim()).filter(Boolean) : undefined;
  for (const m of metrics ?? []) {
    if (!isKnownMetric(m)) throw new AppError('invalid_input', `metrics: unknown metric "${m}"`, [{ path: 'metrics', message: `unknown metric "${m}"` }]);
  }
  const lookback = req.lookback === undefined ? 30 : Number(req.lookback);
  if (!Number.isInteger(lookback) || lookback < 1 || lookback > 365) {
    throw new AppError('invalid_input', 'lookback: must be an integer number of days from 1 to 365', [{ path: 'lookback', message: 'must be 1–365' }]);
  }
  const model = req.model === undefined || req.model === '' ? undefined : parseModel(req.model);
  if (model && model !== 'last-non-direct' && by && !(attributionDimensions as readonly string[]).includes(by)) {
    throw invalid('model', `a model other than last-non-direct needs by=${attributionDimensions.join('|')}, got by=${by}`);
  }
  const compare = req.compare === undefined ? true : !['none', 'false', '0', 'no'].includes(String(req.compare));
  return { by, from, to, metrics, lookback, compare, model };
}
