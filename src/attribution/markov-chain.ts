/**
 * The absorbing Markov chain of customer journeys, and its exact solution.
 *
 * States are the channel windows of ChannelAttribution's k-order model:
 * consecutive repeats are merged first, then a path of n channels visits the
 * n-k+1 windows of k consecutive channels (a path shorter than k is one
 * state). Every journey starts in `(start)` and ends in `(conversion)` or
 * `(null)`. Transition probabilities are the observed transition counts,
 * weighted by the journeys on each path (conversions + nulls).
 */

/** A path as channel ids (consecutive repeats already merged) with its journey counts. */
export interface IdPath {
  ids: number[];
  conversions: number;
  value: number;
  nulls: number;
}

export interface MarkovChain {
  order: number;
  /** Number of transient states. */
  size: number;
  /** The channel ids each state contains (a window of `order` channels or fewer). */
  stateChannels: number[][];
  /** Transitions between transient states in CSR form, with probabilities. */
  rowStart: Int32Array;
  next: Int32Array;
  prob: Float64Array;
  /** Probability of leaving `(start)` for each state. */
  startProb: Float64Array;
  /** Probability of converting directly from each state. */
  convProb: Float64Array;
  /** Expected conversion value gained directly from each state: (value of conversions ending there) / (journeys leaving it). */
  valueRate: Float64Array;
}

/** Builds the k-order chain of a set of paths (ids must already have consecutive repeats merged). */
export function buildChain(paths: readonly IdPath[], order: number): MarkovChain {
  if (!Number.isInteger(order) || order < 1) throw new RangeError(`order must be a positive integer, got ${order}`);
  const index = new Map<string, number>();
  const stateChannels: number[][] = [];
  const out: Map<number, number>[] = [];
  const outTotal: number[] = [];
  const conv: number[] = [];
  const value: number[] = [];
  const start = new Map<number, number>();
  let startTotal = 0;

  const stateOf = (ids: number[], from: number, to: number): number => {
    const key = ids.slice(from, to).join(',');
    let s = index.get(key);
    if (s === undefined) {
      s = stateChannels.length;
      index.set(key, s);
      stateChannels.push(ids.slice(from, to));
      out.push(new Map());
      outTotal.push(0);
      conv.push(0);
      value.push(0);
    }
    return s;
  };

  for (const p of paths) {
    const weight = p.conversions + p.nulls;
    if (!(weight > 0) || p.ids.length === 0) continue;
    const windows = Math.max(1, p.ids.length - order + 1);
    let prev = -1;
    for (let w = 0; w < windows; w++) {
      const s = stateOf(p.ids, w, Math.min(p.ids.length, w + order));
      if (prev < 0) {
        start.set(s, (start.get(s) ?? 0) + weight);
        startTotal += weight;
      } else {
        out[prev].set(s, (out[prev].get(s) ?? 0) + weight);
        outTotal[prev] += weight;
      }
      prev = s;
    }
    conv[prev] += p.conversions;
    value[prev] += p.conversions > 0 ? p.value : 0;
    outTotal[prev] += weight;
  }

  const size = stateChannels.length;
  const rowStart = new Int32Array(size + 1);
  for (let s = 0; s < size; s++) rowStart[s + 1] = rowStart[s] + out[s].size;
  const next = new Int32Array(rowStart[size]);
  const prob = new Float64Array(rowStart[size]);
  const convProb = new Float64Array(size);
  const valueRate = new Float64Array(size);
  for (let s = 0; s < size; s++) {
    let k = rowStart[s];
    for (const [t, n] of out[s]) {
      next[k] = t;
      prob[k] = n / outTotal[s];
      k++;
    }
    convProb[s] = conv[s] / outTotal[s];
    valueRate[s] = value[s] / outTotal[s];
  }
  const startProb = new Float64Array(size);
  for (const [s, n] of start) startProb[s] = n / startTotal;
  return { order, size, stateChannels, rowStart, next, prob, startProb, convProb, valueRate };
}

/**
 * Solves x = r + Q x for each reward vector r (x_s is the expected reward
 * collected before absorption when starting in s) and returns Σ_s start_s x_s,
 * i.e. the conversion probability (r = convProb) or the expected value per
 * journey (r = valueRate). States flagged in `removed` are absorbing with
 * reward 0 — the removal effect's "transitions into the channel go to null".
 *
 * Gauss-Seidel sweeps, later states first (journeys mostly move to states
 * created after them, so acyclic parts settle in one sweep), until the
 * estimated remaining error (last change × rate / (1 − rate)) is below
 * `tolerance` relative to the solution. I − Q is a non-singular M-matrix for
 * an absorbing chain, so the sweeps converge; `maxSweeps` guards the rest.
 */
export function absorptionFromStart(
  chain: MarkovChain,
  rewards: readonly Float64Array[],
  removed?: Uint8Array,
  tolerance = 1e-13,
  maxSweeps = 100_000,
): number[] {
  const { size, rowStart, next, prob, startProb } = chain;
  return rewards.map((r) => {
    const x = new Float64Array(size);
    let prevDelta = Infinity;
    for (let sweep = 0; ; sweep++) {
      let delta = 0;
      let scale = 0;
      for (let s = size - 1; s >= 0; s--) {
        if (removed && removed[s]) continue;
        let acc = r[s];
        let self = 0;
        for (let k = rowStart[s]; k < rowStart[s + 1]; k++) {
          const t = next[k];
          if (t === s) self += prob[k];
          else if (!(removed && removed[t])) acc += prob[k] * x[t];
        }
        const v = acc / (1 - self);
        const d = Math.abs(v - x[s]);
        if (d > delta) delta = d;
        if (v > scale) scale = v;
        x[s] = v;
      }
      const rate = prevDelta === Infinity ? 0 : delta / prevDelta;
      const bound = rate < 1 ? (delta * rate) / (1 - rate) : Infinity;
      if (delta <= tolerance * Math.max(scale, 1e-300) && bound <= tolerance * Math.max(scale, 1e-300)) break;
      if (delta === 0) break;
      if (sweep >= maxSweeps) throw new Error(`Markov chain did not converge in ${maxSweeps} sweeps (last change ${delta})`);
      prevDelta = delta;
    }
    let total = 0;
    for (let s = 0; s < size; s++) if (!(removed && removed[s])) total += startProb[s] * x[s];
    return total;
  });
}

/** Flags, for one channel id, every state that contains it. */
export function statesWithChannel(chain: MarkovChain, channel: number): Uint8Array {
  const flags = new Uint8Array(chain.size);
  for (let s = 0; s < chain.size; s++) if (chain.stateChannels[s].includes(channel)) flags[s] = 1;
  return flags;
}
