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
import { invalidArgument, notComputable } from '../../shared/errors.js';

/** A path as channel ids (consecutive repeats already merged) with its journey counts. */
export interface IdPath<C = number> {
  ids: C[];
  conversions: number;
  value: number;
  nulls: number;
}

export const START = '(start)';
export const CONVERSION = '(conversion)';
export const NULL = '(null)';

/**
 * Journeys moving from one state to the next: a state is a window of at most
 * `order` channels; every journey leaves `(start)` and ends in `(conversion)`
 * or `(null)`. `weight` counts the journeys (conversions + nulls on a path),
 * `value` is the conversion value (only on transitions into `(conversion)`).
 */
export interface Transition<C = number> {
  from: readonly C[] | typeof START;
  to: readonly C[] | typeof CONVERSION | typeof NULL;
  weight: number;
  value: number;
}

export interface MarkovChain<C = number> {
  order: number;
  /** Number of transient states. */
  size: number;
  /** The channels each state contains (a window of `order` channels or fewer). */
  stateChannels: C[][];
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

function checkOrder(order: number): void {
  if (!Number.isInteger(order) || order < 1) throw invalidArgument('order', `order must be a positive integer, got ${order}`);
}

/** Builds the k-order chain of a set of paths (ids must already have consecutive repeats merged). */
export function buildChain<C = number>(paths: readonly IdPath<C>[], order: number): MarkovChain<C> {
  return chainFromTransitions(transitionCounts(paths, order), order);
}

/**
 * The summed transitions of a set of paths (consecutive repeats already
 * merged), in order of first appearance (paths in order, windows in order), so
 * `chainFromTransitions` numbers the states as the paths first visit them.
 * Paths without journeys or channels make no transition.
 */
export function transitionCounts<C = number>(paths: readonly IdPath<C>[], order: number): Transition<C>[] {
  checkOrder(order);
  const rows = new Map<string, Transition<C>>();
  const add = (from: Transition<C>['from'], to: Transition<C>['to'], weight: number, value: number) => {
    const key = JSON.stringify([from, to]);
    const row = rows.get(key);
    if (row) {
      row.weight += weight;
      row.value += value;
    } else rows.set(key, { from, to, weight, value });
  };
  for (const p of paths) {
    const weight = p.conversions + p.nulls;
    if (!(weight > 0) || p.ids.length === 0) continue;
    const windows = Math.max(1, p.ids.length - order + 1);
    let prev: Transition<C>['from'] = START;
    for (let w = 0; w < windows; w++) {
      const state = p.ids.slice(w, Math.min(p.ids.length, w + order));
      add(prev, state, weight, 0);
      prev = state;
    }
    if (p.conversions > 0) add(prev, CONVERSION, p.conversions, p.value);
    if (p.nulls > 0) add(prev, NULL, p.nulls, 0);
  }
  return [...rows.values()];
}

/**
 * The chain of summed transitions. States are numbered in order of first
 * appearance in `rows` (the state left, then the state entered), which keeps
 * the numbering of `buildChain` when rows come in `transitionCounts`' order;
 * any other order changes the result only within the solver's tolerance.
 */
export function chainFromTransitions<C = number>(rows: readonly Transition<C>[], order: number): MarkovChain<C> {
  checkOrder(order);
  const index = new Map<string, number>();
  const stateChannels: C[][] = [];
  const out: Map<number, number>[] = [];
  const outTotal: number[] = [];
  const conv: number[] = [];
  const value: number[] = [];
  const start = new Map<number, number>();
  let startTotal = 0;

  const stateOf = (channels: readonly C[]): number => {
    if (channels.length === 0 || channels.length > order) throw invalidArgument('transitions', `a state of a chain of order ${order} has 1 to ${order} channels, got ${channels.length}`);
    const key = JSON.stringify(channels);
    let s = index.get(key);
    if (s === undefined) {
      s = stateChannels.length;
      index.set(key, s);
      stateChannels.push([...channels]);
      out.push(new Map());
      outTotal.push(0);
      conv.push(0);
      value.push(0);
    }
    return s;
  };

  for (const t of rows) {
    if (!(t.weight > 0)) continue;
    if (t.from === START) {
      if (t.to === CONVERSION || t.to === NULL) throw invalidArgument('transitions', `a journey cannot go from ${START} to ${t.to}`);
      const s = stateOf(t.to);
      start.set(s, (start.get(s) ?? 0) + t.weight);
      startTotal += t.weight;
      continue;
    }
    const s = stateOf(t.from);
    outTotal[s] += t.weight;
    if (t.to === CONVERSION) {
      conv[s] += t.weight;
      value[s] += t.value;
    } else if (t.to !== NULL) {
      const u = stateOf(t.to);
      out[s].set(u, (out[s].get(u) ?? 0) + t.weight);
    }
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
export function absorptionFromStart<C>(
  chain: MarkovChain<C>,
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
      if (sweep >= maxSweeps) throw notComputable(`Markov chain did not converge in ${maxSweeps} sweeps (last change ${delta})`);
      prevDelta = delta;
    }
    let total = 0;
    for (let s = 0; s < size; s++) if (!(removed && removed[s])) total += startProb[s] * x[s];
    return total;
  });
}

/** Flags, for one channel id, every state that contains it. */
export function statesWithChannel<C>(chain: MarkovChain<C>, channel: C): Uint8Array {
  const flags = new Uint8Array(chain.size);
  for (let s = 0; s < chain.size; s++) if (chain.stateChannels[s].includes(channel)) flags[s] = 1;
  return flags;
}
