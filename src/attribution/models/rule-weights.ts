import type { RepeatsMode, RuleModel, RuleOptions } from '../paths/types.js';
import { invalidArgument } from '../../shared/errors.js';

/** Rule options with every default filled in. */
export interface ResolvedRuleOptions {
  repeats: RepeatsMode;
  halfLifeSteps: number;
  positionWeights: [number, number, number];
  channelWeights: Record<string, number>;
  defaultWeight: number;
  directChannel: string;
}

/** Fills in defaults and checks the values (throws an `invalid_input` naming the option). */
export function resolveRuleOptions(opts: RuleOptions = {}): ResolvedRuleOptions {
  const resolved: ResolvedRuleOptions = {
    repeats: opts.repeats ?? 'keep',
    halfLifeSteps: opts.halfLifeSteps ?? 1,
    positionWeights: opts.positionWeights ?? [40, 20, 40],
    channelWeights: opts.channelWeights ?? {},
    defaultWeight: opts.defaultWeight ?? 1,
    directChannel: opts.directChannel ?? 'direct',
  };
  if (!(resolved.halfLifeSteps > 0) || !Number.isFinite(resolved.halfLifeSteps)) {
    throw invalidArgument('halfLifeSteps', `halfLifeSteps must be a positive number, got ${resolved.halfLifeSteps}`);
  }
  const pw = resolved.positionWeights;
  if (pw.length !== 3 || pw.some((w) => !(w >= 0) || !Number.isFinite(w)) || pw[0] + pw[2] <= 0) {
    throw invalidArgument('positionWeights', `positionWeights must be three non-negative numbers with first + last > 0, got ${pw.join(',')}`);
  }
  for (const [channel, w] of Object.entries(resolved.channelWeights)) {
    if (!(w >= 0) || !Number.isFinite(w)) throw invalidArgument(`channelWeights.${channel}`, `channelWeights.${channel} must be a non-negative number, got ${w}`);
  }
  if (!(resolved.defaultWeight >= 0)) throw invalidArgument('defaultWeight', `defaultWeight must be non-negative, got ${resolved.defaultWeight}`);
  return resolved;
}

/**
 * The share of one conversion that each touch of a path receives under a
 * rule-based model; the shares sum to 1 (an empty path gets no shares).
 *
 * - first / last: everything to the first / last touch;
 * - last-non-direct: the last touch whose channel is not `directChannel`,
 *   or the last touch when every touch is direct;
 * - linear: equal shares;
 * - time-decay: a touch `halfLives[i]` half-lives before the conversion
 *   weighs 2^-halfLives[i] (paths: steps before the conversion / halfLifeSteps);
 * - position: first / middle / last split by `positionWeights` (40/20/40),
 *   a single touch takes 100 %, two touches split first:last (50/50);
 * - custom: weight by channel (`channelWeights`, else `defaultWeight`); if all
 *   weights are 0 the shares are equal.
 *
 * `halfLives` defaults to the step distance of each touch from the conversion
 * divided by `halfLifeSteps`.
 */
export function ruleWeights(model: RuleModel, channels: readonly string[], opts: ResolvedRuleOptions, halfLives?: ArrayLike<number>): Float64Array {
  const n = channels.length;
  const w = new Float64Array(n);
  if (n === 0) return w;
  switch (model) {
    case 'first':
      w[0] = 1;
      return w;
    case 'last':
      w[n - 1] = 1;
      return w;
    case 'last-non-direct': {
      let k = n - 1;
      while (k >= 0 && channels[k] === opts.directChannel) k--;
      w[k < 0 ? n - 1 : k] = 1;
      return w;
    }
    case 'linear':
      w.fill(1 / n);
      return w;
    case 'time-decay': {
      for (let i = 0; i < n; i++) {
        const h = halfLives ? halfLives[i] : (n - 1 - i) / opts.halfLifeSteps;
        w[i] = Math.pow(2, -h);
      }
      return normalise(w);
    }
    case 'position': {
      if (n === 1) {
        w[0] = 1;
        return w;
      }
      const [first, middle, last] = opts.positionWeights;
      if (n === 2) {
        w[0] = first;
        w[1] = last;
        return normalise(w);
      }
      w[0] = first;
      w[n - 1] = last;
      for (let i = 1; i < n - 1; i++) w[i] = middle / (n - 2);
      return normalise(w);
    }
    case 'custom': {
      for (let i = 0; i < n; i++) w[i] = opts.channelWeights[channels[i]] ?? opts.defaultWeight;
      return normalise(w);
    }
  }
}

/** Scales weights to sum to 1; all-zero weights become equal shares. */
export function normalise(w: Float64Array): Float64Array {
  let sum = 0;
  for (let i = 0; i < w.length; i++) sum += w[i];
  if (!(sum > 0)) return w.fill(1 / w.length);
  for (let i = 0; i < w.length; i++) w[i] /= sum;
  return w;
}

/** Merges consecutive touches of the same channel (`a > a > b > a` → `a > b > a`). */
export function collapseRepeats<T>(items: readonly T[], channelOf: (item: T) => string): T[] {
  const out: T[] = [];
  let prev: string | undefined;
  for (const item of items) {
    const c = channelOf(item);
    if (c !== prev) out.push(item);
    prev = c;
  }
  return out;
}
