/**
 * Conversion path reports on the store's journeys (`GET /v1/attribution/paths`):
 * top paths, path lengths, days to conversion, assisted versus last-touch
 * conversions per channel and the journey flow (Sankey), in the shapes the
 * dashboard draws.
 *
 * normalize → fetch (workspace, journeys with non-converting paths, or the store's path counts) → compute (path reports) → format.
 */
import { invalid } from '../../shared/errors.js';
import type { Store } from '../../store/store.js';
import { describeSettings, resolveSettings, type AttributionSettings } from './attribution-options.js';
import { metricContext, roundMoney, workspaceOf } from './attribution-credits.js';
import { pathReports } from './attribution-source.js';
import { resolveRange } from '../common/date-range.js';

export interface PathsRequest extends AttributionSettings {
  from?: string;
  to?: string;
  /** How many top paths; default 20, at most 1000. */
  limit?: number;
}

export interface AttributionPathReports {
  from: string;
  to: string;
  currency: string;
  settings: ReturnType<typeof describeSettings>;
  /** Journeys in the range: converting (one per conversion) and non-converting (one per person without a conversion). */
  journeys: { converting: number; non_converting: number };
  top_paths: { path: string[]; journeys: number; conversions: number; value: number; conversion_rate: number }[];
  path_lengths: { length: number; conversions: number; value: number }[];
  days_to_conversion: { days: number; conversions: number; value: number }[];
  assisted: { channel: string; assisted: number; last_touch: number; ratio: number | null }[];
  /** Nodes `<step>:<channel>` for the first five touches, then `conversion` and `no conversion`; link value = journeys. */
  sankey: { nodes: { name: string }[]; links: { source: string; target: string; value: number; conversions: number }[] };
}

/**
 * Path reports of the conversions in a range (touches inside the same
 * lookback windows as attribution) and of the people who did not convert.
 */
export async function attributionPaths(store: Store, workspaceId: string, req: PathsRequest): Promise<AttributionPathReports> {
  const settings = resolveSettings(req);
  const limit = req.limit ?? 20;
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw invalid('limit', `expected an integer from 1 to 1000, got ${String(req.limit)}`);
  const range = await resolveRange(store, workspaceId, req.from, req.to);

  const ws = await workspaceOf(store, workspaceId);
  const { reports, converting, nonConverting } = await pathReports(store, workspaceId, range, settings, limit);
  const money = (x: number) => roundMoney(x, metricContext(ws).moneyDigits);
  return {
    from: range.from,
    to: range.to,
    currency: ws.currency,
    settings: describeSettings(settings),
    journeys: { converting, non_converting: nonConverting },
    top_paths: reports.top_paths.map((p) => ({
      path: p.path.split(' > '),
      journeys: p.journeys,
      conversions: p.conversions,
      value: money(p.value),
      conversion_rate: p.conversion_rate,
    })),
    path_lengths: reports.path_length.map((b) => ({ length: b.bucket, conversions: b.conversions, value: money(b.value) })),
    days_to_conversion: reports.days_to_conversion.map((b) => ({ days: b.bucket, conversions: b.conversions, value: money(b.value) })),
    assisted: reports.assisted.map((a) => ({ channel: a.channel, assisted: a.assisted, last_touch: a.last_touch, ratio: a.assist_ratio })),
    sankey: {
      nodes: reports.sankey.nodes.map((n) => ({ name: n.id })),
      links: reports.sankey.links.map((l) => ({ source: l.source, target: l.target, value: l.journeys, conversions: l.conversions })),
    },
  };
}
