import { aggregatePaths } from '../paths/path-file.js';
import { DAY_MS, resolveWindow, toMillis, windowTouches, type Journey, type WindowOptions } from './journey-window.js';
import type { PathRow } from '../paths/types.js';

export interface TopPath {
  path: string;
  steps: number;
  journeys: number;
  conversions: number;
  value: number;
  conversion_rate: number;
}

export interface Bucket {
  bucket: number;
  conversions: number;
  value: number;
}

export interface AssistRow {
  channel: string;
  /** Conversions where the channel was the last touch. */
  last_touch: number;
  /** Conversions where the channel appeared but was not the last touch (counted once per conversion). */
  assisted: number;
  /** assisted / last_touch (null when last_touch is 0). */
  assist_ratio: number | null;
}

export interface SankeyData {
  /** `id` is `<step>:<channel>` (steps from 1) or `conversion`/`no conversion`. */
  nodes: { id: string; step: number; channel: string }[];
  links: { source: string; target: string; journeys: number; conversions: number }[];
}

export interface PathReports {
  top_paths: TopPath[];
  path_length: Bucket[];
  days_to_conversion: Bucket[];
  assisted: AssistRow[];
  sankey: SankeyData;
}

export const SANKEY_MAX_STEPS = 5;

/**
 * All path reports of a set of journeys, after the same lookback windows as
 * attribution (`nonConverting` paths count as journeys without conversion).
 * Days to conversion are whole days from the first touch in the window to the
 * conversion (floored).
 */
export function journeyPathReports(journeys: readonly Journey[], options: WindowOptions & { nonConverting?: string[][]; limit?: number } = {}): PathReports {
  const w = resolveWindow(options, 'keep');
  const rows: PathRow[] = [];
  const days = new Map<number, Bucket>();
  for (const j of journeys) {
    const touches = windowTouches(j, w);
    rows.push({ path: touches.map((t) => t.channel), conversions: 1, value: j.conversion.value, nulls: 0 });
    const d = Math.floor((toMillis(j.conversion.ts, `conversion ${j.conversion.id}`) - touches[0].ts) / DAY_MS);
    bump(days, d, 1, j.conversion.value);
  }
  for (const p of options.nonConverting ?? []) if (p.length > 0) rows.push({ path: p, conversions: 0, value: 0, nulls: 1 });
  return { ...pathFileReports(rows, options.limit), days_to_conversion: sorted(days) };
}

/** The reports that need no timestamps: top paths, path lengths, assists and Sankey data of aggregated paths. */
export function pathFileReports(rows: readonly PathRow[], limit = 20): Omit<PathReports, 'days_to_conversion'> {
  const merged = aggregatePaths(rows);
  return { top_paths: topPaths(merged, limit), path_length: pathLengths(merged), assisted: assists(merged), sankey: sankey(merged) };
}

/** Paths ranked by conversions (then journeys), at most `limit`. */
export function topPaths(rows: readonly PathRow[], limit = 20): TopPath[] {
  return rows
    .map((r) => {
      const journeys = r.conversions + r.nulls;
      return {
        path: r.path.join(' > '),
        steps: r.path.length,
        journeys,
        conversions: r.conversions,
        value: r.value,
        conversion_rate: journeys > 0 ? r.conversions / journeys : 0,
      };
    })
    .sort((a, b) => b.conversions - a.conversions || b.journeys - a.journeys || (a.path < b.path ? -1 : 1))
    .slice(0, limit);
}

/** Conversions and value by number of touches in the path. */
export function pathLengths(rows: readonly PathRow[]): Bucket[] {
  const buckets = new Map<number, Bucket>();
  for (const r of rows) if (r.conversions > 0) bump(buckets, r.path.length, r.conversions, r.value);
  return sorted(buckets);
}

/** Last-touch and assisted conversions per channel. */
export function assists(rows: readonly PathRow[]): AssistRow[] {
  const out = new Map<string, AssistRow>();
  const row = (channel: string) => {
    let r = out.get(channel);
    if (!r) out.set(channel, (r = { channel, last_touch: 0, assisted: 0, assist_ratio: null }));
    return r;
  };
  for (const r of rows) {
    if (r.path.length === 0) continue;
    const last = r.path[r.path.length - 1];
    row(last).last_touch += r.conversions;
    for (const c of new Set(r.path)) if (c !== last) row(c).assisted += r.conversions;
  }
  for (const r of out.values()) r.assist_ratio = r.last_touch > 0 ? r.assisted / r.last_touch : null;
  return [...out.values()];
}

/**
 * Journey flow by step: node `s:channel` for the s-th touch (s ≤ 5; longer
 * paths are cut after their fifth touch), links between consecutive steps,
 * and from each path's final node to `conversion` and `no conversion`.
 */
export function sankey(rows: readonly PathRow[], maxSteps = SANKEY_MAX_STEPS): SankeyData {
  const nodes = new Map<string, SankeyData['nodes'][number]>();
  const links = new Map<string, SankeyData['links'][number]>();
  const node = (step: number, channel: string) => {
    const id = step > maxSteps ? channel : `${step}:${channel}`;
    if (!nodes.has(id)) nodes.set(id, { id, step, channel });
    return id;
  };
  const link = (source: string, target: string, journeys: number, conversions: number) => {
    const key = `${source}\u0000${target}`;
    let l = links.get(key);
    if (!l) links.set(key, (l = { source, target, journeys: 0, conversions: 0 }));
    l.journeys += journeys;
    l.conversions += conversions;
  };
  for (const r of rows) {
    const steps = r.path.slice(0, maxSteps);
    if (steps.length === 0) continue;
    const journeys = r.conversions + r.nulls;
    let prev = node(1, steps[0]);
    for (let s = 1; s < steps.length; s++) {
      const id = node(s + 1, steps[s]);
      link(prev, id, journeys, r.conversions);
      prev = id;
    }
    if (r.conversions > 0) link(prev, node(maxSteps + 1, 'conversion'), r.conversions, r.conversions);
    if (r.nulls > 0) link(prev, node(maxSteps + 1, 'no conversion'), r.nulls, 0);
  }
  return { nodes: [...nodes.values()], links: [...links.values()] };
}

function bump(map: Map<number, Bucket>, bucket: number, conversions: number, value: number): void {
  let b = map.get(bucket);
  if (!b) map.set(bucket, (b = { bucket, conversions: 0, value: 0 }));
  b.conversions += conversions;
  b.value += value;
}

function sorted(map: Map<number, Bucket>): Bucket[] {
  return [...map.values()].sort((a, b) => a.bucket - b.bucket);
}
