import { pathTotals } from '../paths/path-file.js';
import { mulberry32, shuffle } from './random.js';
import type { ChannelCredit, PathAttribution, PathRow } from '../paths/types.js';
import { invalidArgument } from '../../shared/errors.js';

/** Above this many channels the Shapley value is sampled instead of computed over all 2^n coalitions. */
export const EXACT_SHAPLEY_MAX_CHANNELS = 15;

export interface ShapleyOptions {
  /** Permutations drawn when sampling (more than 15 channels, or `method: 'sampled'`). Default 2000. */
  samples?: number;
  seed?: number;
  /** `auto` (default): exact up to 15 channels, sampled above. */
  method?: 'auto' | 'exact' | 'sampled';
}

export interface ShapleyChannel extends ChannelCredit {
  /** Standard error of `conversions` and `value` (0 when exact). */
  std_error: { conversions: number; value: number };
}

export interface ShapleyAttribution extends PathAttribution {
  model: 'shapley';
  channels: ShapleyChannel[];
  method: 'exact' | 'sampled';
  samples?: number;
  /**
   * Sampled only: with 99 % confidence each channel's estimate is within
   * 2.576 standard errors of the exact Shapley value (normal approximation of
   * the mean of independent permutations). Credits still sum exactly to the
   * totals, since every permutation's marginal contributions do.
   */
  error_bound?: { confidence: number; conversions: number; value: number };
}

/** A coalition game given by its Möbius (Harsanyi) coefficients: the conversions and value of journeys whose channel set is exactly `members`. */
export interface ChannelSet {
  members: number[];
  conversions: number;
  value: number;
}

/**
 * Shapley attribution over channels. The value of a coalition S is the
 * conversions (or value) of the journeys whose channels all lie in S; the
 * per-channel Shapley values sum to the totals (efficiency). Exact for up to
 * 15 channels, sampled over random channel orders above that, with standard
 * errors and a 99 % bound in the result.
 */
export function attributeShapley(rows: readonly PathRow[], options: ShapleyOptions = {}): ShapleyAttribution {
  const ids = new Map<string, number>();
  const names: string[] = [];
  const sets = new Map<string, ChannelSet>();
  for (const r of rows) {
    const members = [...new Set(r.path)]
      .map((c) => {
        let id = ids.get(c);
        if (id === undefined) {
          id = names.length;
          ids.set(c, id);
          names.push(c);
        }
        return id;
      })
      .sort((a, b) => a - b);
    if (r.conversions === 0 && r.value === 0) continue;
    const key = members.join(',');
    const s = sets.get(key);
    if (s) {
      s.conversions += r.conversions;
      s.value += r.value;
    } else sets.set(key, { members, conversions: r.conversions, value: r.value });
  }
  const n = names.length;
  const method = options.method === 'exact' || options.method === 'sampled' ? options.method : n <= EXACT_SHAPLEY_MAX_CHANNELS ? 'exact' : 'sampled';
  const totals = pathTotals(rows);
  if (method === 'exact') {
    if (n > 24) throw invalidArgument('method', `exact Shapley over ${n} channels needs 2^${n} coalitions; use sampling`);
    const conv = shapleyExact(n, coalitionValues(n, [...sets.values()], 'conversions'));
    const value = shapleyExact(n, coalitionValues(n, [...sets.values()], 'value'));
    const channels = names.map((channel, i) => ({ channel, conversions: conv[i], value: value[i], std_error: { conversions: 0, value: 0 } }));
    return { model: 'shapley', method, channels, totals };
  }
  const samples = options.samples ?? 2000;
  const est = shapleySampled(n, [...sets.values()], samples, options.seed ?? 1);
  const channels = names.map((channel, i) => ({
    channel,
    conversions: est.conversions[i],
    value: est.value[i],
    std_error: { conversions: est.seConversions[i], value: est.seValue[i] },
  }));
  const z = 2.576;
  return {
    model: 'shapley',
    method,
    samples,
    channels,
    totals,
    error_bound: {
      confidence: 0.99,
      conversions: z * Math.max(0, ...est.seConversions),
      value: z * Math.max(0, ...est.seValue),
    },
  };
}

/**
 * v(S) for every coalition S (bit mask over n channels): the subset-sum
 * (zeta) transform of the Möbius coefficients, O(n·2^n).
 */
export function coalitionValues(n: number, sets: readonly ChannelSet[], field: 'conversions' | 'value'): Float64Array {
  const v = new Float64Array(1 << n);
  for (const s of sets) {
    let mask = 0;
    for (const m of s.members) mask |= 1 << m;
    v[mask] += s[field];
  }
  for (let i = 0; i < n; i++) {
    const bit = 1 << i;
    for (let mask = 0; mask < 1 << n; mask++) if (mask & bit) v[mask] += v[mask ^ bit];
  }
  return v;
}

/**
 * Exact Shapley values of a game given as v(S) over all 2^n coalitions:
 * φ_i = Σ_{S ∌ i} |S|! (n−|S|−1)! / n! · (v(S ∪ i) − v(S)), in O(n·2^n).
 */
export function shapleyExact(n: number, v: Float64Array): Float64Array {
  const weight = new Float64Array(n);
  for (let s = 0; s < n; s++) weight[s] = 1 / (n * binomial(n - 1, s));
  const size = new Uint8Array(1 << n);
  for (let mask = 1; mask < 1 << n; mask++) size[mask] = size[mask >> 1] + (mask & 1);
  const phi = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const bit = 1 << i;
    let acc = 0;
    for (let mask = 0; mask < 1 << n; mask++) {
      if (mask & bit) continue;
      acc += weight[size[mask]] * (v[mask | bit] - v[mask]);
    }
    phi[i] = acc;
  }
  return phi;
}

/**
 * Monte-Carlo Shapley values: the mean marginal contribution over random
 * channel orders. In one order, journey set T adds its conversions to the
 * member of T that comes last (that is when T ⊆ S first holds), so one
 * order costs O(Σ|T|). Returns means and their standard errors.
 */
export function shapleySampled(n: number, sets: readonly ChannelSet[], samples: number, seed: number) {
  if (!Number.isInteger(samples) || samples < 2) throw invalidArgument('samples', `samples must be an integer ≥ 2, got ${samples}`);
  const random = mulberry32(seed);
  const order = new Int32Array(n).map((_, i) => i);
  const position = new Int32Array(n);
  const sum = [new Float64Array(n), new Float64Array(n)];
  const sumSq = [new Float64Array(n), new Float64Array(n)];
  const marginal = [new Float64Array(n), new Float64Array(n)];
  for (let k = 0; k < samples; k++) {
    shuffle(order, random);
    for (let p = 0; p < n; p++) position[order[p]] = p;
    marginal[0].fill(0);
    marginal[1].fill(0);
    for (const s of sets) {
      let last = s.members[0];
      for (const m of s.members) if (position[m] > position[last]) last = m;
      marginal[0][last] += s.conversions;
      marginal[1][last] += s.value;
    }
    for (let f = 0; f < 2; f++) {
      for (let i = 0; i < n; i++) {
        sum[f][i] += marginal[f][i];
        sumSq[f][i] += marginal[f][i] * marginal[f][i];
      }
    }
  }
  const mean = (f: number) => Array.from(sum[f], (s) => s / samples);
  const se = (f: number) =>
    Array.from(sum[f], (s, i) => {
      const m = s / samples;
      const variance = Math.max(0, (sumSq[f][i] - samples * m * m) / (samples - 1));
      return Math.sqrt(variance / samples);
    });
  return { conversions: mean(0), value: mean(1), seConversions: se(0), seValue: se(1) };
}

function binomial(n: number, k: number): number {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return r;
}
