import { collapseRepeats } from '../models/rule-weights.js';
import { UNATTRIBUTED, type RepeatsMode } from '../paths/types.js';
import { invalidArgument } from '../../shared/errors.js';

export const DAY_MS = 86_400_000;

export interface JourneyTouch {
  /** Epoch milliseconds or an ISO-8601 string. */
  ts: number | string;
  channel: string;
  campaign?: string | null;
  ad?: string | null;
  kind: 'click' | 'view';
}

/** One conversion and the touches of its (stitched) visitor, in any order. */
export interface Journey {
  conversion: { id: string; ts: number | string; value: number };
  touches: JourneyTouch[];
}

export interface WindowOptions {
  /** Clicks older than this many days before the conversion are ignored. Default 30. */
  lookbackClickDays?: number;
  /** Impressions (view-through touches) older than this are ignored. Default 1. */
  lookbackViewDays?: number;
  /** Weight of an impression relative to a click; 0 drops impressions. Default 1. */
  viewWeight?: number;
  repeats?: RepeatsMode;
}

/** A touch inside the window, with its time in ms and its kind weight. */
export interface WindowedTouch {
  ts: number;
  channel: string;
  campaign: string | null;
  ad: string | null;
  kind: 'click' | 'view';
  weight: number;
}

export interface ResolvedWindow {
  lookbackClickDays: number;
  lookbackViewDays: number;
  viewWeight: number;
  repeats: RepeatsMode;
}

/** Fills in window defaults and checks them (an `invalid_input` names the option). */
export function resolveWindow(opts: WindowOptions, defaultRepeats: RepeatsMode): ResolvedWindow {
  const w = {
    lookbackClickDays: opts.lookbackClickDays ?? 30,
    lookbackViewDays: opts.lookbackViewDays ?? 1,
    viewWeight: opts.viewWeight ?? 1,
    repeats: opts.repeats ?? defaultRepeats,
  };
  for (const key of ['lookbackClickDays', 'lookbackViewDays', 'viewWeight'] as const) {
    if (!(w[key] >= 0) || !Number.isFinite(w[key])) throw invalidArgument(key, `${key} must be a non-negative number, got ${w[key]}`);
  }
  return w;
}

/** Epoch milliseconds of a timestamp given as a number or an ISO string. */
export function toMillis(ts: number | string, what: string): number {
  const ms = typeof ts === 'number' ? ts : Date.parse(ts);
  if (!Number.isFinite(ms)) throw invalidArgument(what, `${what}: not a valid timestamp: ${String(ts)}`);
  return ms;
}

/**
 * The touches that count for a conversion: at or before the conversion,
 * clicks within the click window and impressions within the view window
 * (none when viewWeight is 0), sorted by time, consecutive repeats of a
 * channel merged into the first touch of the run when `repeats` is
 * `collapse`. A conversion with no touch left gets one synthetic `(none)`
 * touch at the conversion time, so its credit is never lost.
 */
export function windowTouches(journey: Journey, w: ResolvedWindow): WindowedTouch[] {
  const convTs = toMillis(journey.conversion.ts, `conversion ${journey.conversion.id}`);
  const kept: WindowedTouch[] = [];
  for (const t of journey.touches) {
    const ts = toMillis(t.ts, `conversion ${journey.conversion.id} touch`);
    const age = convTs - ts;
    if (age < 0) continue;
    if (t.kind === 'view') {
      if (w.viewWeight === 0 || age > w.lookbackViewDays * DAY_MS) continue;
    } else if (age > w.lookbackClickDays * DAY_MS) continue;
    kept.push({
      ts,
      channel: t.channel,
      campaign: t.campaign ?? null,
      ad: t.ad ?? null,
      kind: t.kind,
      weight: t.kind === 'view' ? w.viewWeight : 1,
    });
  }
  kept.sort((a, b) => a.ts - b.ts);
  const touches = w.repeats === 'collapse' ? collapseRepeats(kept, (t) => t.channel) : kept;
  if (touches.length === 0) {
    return [{ ts: convTs, channel: UNATTRIBUTED, campaign: null, ad: null, kind: 'click', weight: 1 }];
  }
  return touches;
}
