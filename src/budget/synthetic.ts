/**
 * Seeded simulated marketing histories with known response curves, for tests,
 * benchmarks and demos: the truth is returned next to the data.
 */
import { dateOfDay, dayNumber } from './fit/design.js';
import { normalDraw, seededRng } from './model/random.js';
import { channelEffect, type ChannelCurve } from './model/transforms.js';
import type { Frequency, MmmDataset } from './model/types.js';

export interface SyntheticChannel {
  name: string;
  curve: ChannelCurve;
  /** Typical spend per period. */
  meanSpend: number;
}

export interface SyntheticOptions {
  channels: SyntheticChannel[];
  periods: number;
  frequency?: Frequency;
  start?: string;
  seed?: number;
  /** Baseline level per period. */
  baseline?: number;
  /** Relative amplitude of weekly and annual seasonality (default 0.1). */
  seasonality?: number;
  /** Standard deviation of the noise as a share of the baseline (default 0.02). */
  noise?: number;
}

export interface SyntheticWorld {
  data: MmmDataset;
  /** True media effect per channel and period. */
  effects: number[][];
  /** True contribution and ROI per channel. */
  truth: { channel: string; contribution: number; roi: number }[];
}

/**
 * Simulates spend (flighted, log-normal around each channel's mean, so curves
 * are identifiable) and outcome = baseline + seasonality + Σ effects + noise.
 */
export function syntheticWorld(options: SyntheticOptions): SyntheticWorld {
  const rand = seededRng(options.seed ?? 1);
  const frequency = options.frequency ?? 'daily';
  const step = frequency === 'daily' ? 1 : 7;
  const startDay = dayNumber(options.start ?? '2023-01-02') ?? 0;
  const level = options.baseline ?? 1000;
  const amp = options.seasonality ?? 0.1;
  const n = options.periods;
  const dates = Array.from({ length: n }, (_, t) => dateOfDay(startDay + t * step));
  const spend = options.channels.map((ch) => {
    // A slowly varying flight level times day-to-day noise; some periods dark.
    let flight = 1;
    return Array.from({ length: n }, (_, t) => {
      if (t % (frequency === 'daily' ? 14 : 2) === 0) flight = Math.exp(0.6 * normalDraw(rand));
      const dark = rand() < 0.05;
      return dark ? 0 : Math.round(ch.meanSpend * flight * Math.exp(0.3 * normalDraw(rand)) * 100) / 100;
    });
  });
  const effects = options.channels.map((ch, c) => channelEffect(spend[c], ch.curve));
  const outcome = dates.map((_, t) => {
    const day = startDay + t * step;
    const seasonal = (frequency === 'daily' ? amp * Math.sin((2 * Math.PI * day) / 7) : 0) + amp * Math.cos((2 * Math.PI * day) / 365.25);
    const trend = 0.1 * (t / n);
    const media = effects.reduce((acc, e) => acc + e[t], 0);
    return level * (1 + trend + seasonal) + media + level * (options.noise ?? 0.02) * normalDraw(rand);
  });
  const truth = options.channels.map((ch, c) => {
    const contribution = effects[c].reduce((a, b) => a + b, 0);
    const total = spend[c].reduce((a, b) => a + b, 0);
    return { channel: ch.name, contribution, roi: contribution / total };
  });
  return { data: { dates, channels: options.channels.map((c) => c.name), spend, outcome }, effects, truth };
}
