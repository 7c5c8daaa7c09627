/**
 * Sample anomaly flags of experiment results (issue 12 #5). Signed assignments raise the
 * cost of forged exposures but a determined sender can still ask for many of them; what
 * such a sample looks like is flagged so nobody acts on it unaware:
 *
 * - `experiments.flag.source_share`: one source bucket (an IPv4 /24 or IPv6 /48 of the
 *   clients that asked for assignments) supplied more than `SOURCE_SHARE_LIMIT` of a
 *   variant's people, once the variant has `MIN_UNITS_FOR_SOURCE` people;
 * - `experiments.flag.rate_near_one`: a variant's conversion rate (converters ÷ people)
 *   is above `RATE_LIMIT`, once it has `MIN_UNITS_FOR_RATE` people.
 */
import type { ExperimentSample, ExperimentVariantStats } from '../../store/store.js';
import type { ExperimentDefinition } from './experiments-definition.js';

export const SOURCE_SHARE_LIMIT = 0.5;
export const MIN_UNITS_FOR_SOURCE = 20;
export const RATE_LIMIT = 0.9;
export const MIN_UNITS_FOR_RATE = 10;

/** A flag: an i18n message id (the dashboard words it), its parameters, and the server's English text. */
export interface SampleFlag {
  id: 'experiments.flag.source_share' | 'experiments.flag.rate_near_one';
  params: Record<string, string | number>;
  text: string;
}

const pct = (x: number) => Math.round(1000 * x) / 10;

/** The flags of a sample: `stats` aligned to the definition's variants, `sample` as the store answers it. */
export function sampleFlags(def: ExperimentDefinition, stats: ExperimentVariantStats[], sample?: ExperimentSample): SampleFlag[] {
  const flags: SampleFlag[] = [];
  for (const s of stats) {
    const index = def.variants.findIndex((v) => v.name === s.variant);
    const top = sample?.top_sources
      .filter((t) => t.variant === s.variant || (index >= 0 && t.variant === String(index)))
      .reduce<{ units: number } | null>((a, t) => (!a || t.units > a.units ? t : a), null);
    if (top && s.users >= MIN_UNITS_FOR_SOURCE && top.units / s.users > SOURCE_SHARE_LIMIT) {
      const share = pct(top.units / s.users);
      flags.push({
        id: 'experiments.flag.source_share',
        params: { variant: s.variant, share_pct: share, units: top.units, users: s.users },
        text: `One source supplied ${share}% of variant ${s.variant} (${top.units} of ${s.users} people): check for forged or automated traffic.`,
      });
    }
  }
  for (const s of stats) {
    if (s.users >= MIN_UNITS_FOR_RATE && s.converters / s.users > RATE_LIMIT) {
      const rate = pct(s.converters / s.users);
      flags.push({
        id: 'experiments.flag.rate_near_one',
        params: { variant: s.variant, rate_pct: rate, converters: s.converters, users: s.users },
        text: `Variant ${s.variant} converts ${rate}% of its people (${s.converters} of ${s.users}): real traffic rarely does; check for forged conversions.`,
      });
    }
  }
  return flags;
}
