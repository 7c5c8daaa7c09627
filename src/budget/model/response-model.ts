/**
 * The forward model the optimiser works on: per channel curve, adstock carried
 * in from the history, and a baseline per future period. A plan gives spend per
 * channel and week, spread evenly over the week's periods.
 */
import { hill, hillDerivative, type ChannelCurve } from './transforms.js';

export interface ResponseModel {
  channels: string[];
  curves: ChannelCurve[];
  /** Adstocked spend of the last observed period per channel. */
  carryIn: number[];
  /** 7 for a daily model, 1 for a weekly one. */
  periodsPerWeek: number;
  /** Baseline outcome per future period (weeks × periodsPerWeek values). */
  baseline: number[];
}

/** plan[channel][week] in money units. */
export type WeeklyPlan = number[][];

export interface PlanOutcome {
  /** Baseline + media over the horizon. */
  total: number;
  media: number;
  /** Media outcome per channel over the horizon. */
  byChannel: number[];
  /** Total outcome per week. */
  byWeek: number[];
}

/** Predicted outcome of a plan over the horizon (effects after the horizon are not counted). */
export function evaluatePlan(model: ResponseModel, plan: WeeklyPlan): PlanOutcome {
  const ppw = model.periodsPerWeek;
  const weeks = plan[0]?.length ?? 0;
  const byWeek = new Array<number>(weeks).fill(0);
  for (let w = 0; w < weeks; w++) for (let d = 0; d < ppw; d++) byWeek[w] += model.baseline[w * ppw + d] ?? 0;
  const byChannel = model.curves.map((curve, c) => {
    let adstock = model.carryIn[c];
    let sum = 0;
    for (let w = 0; w < weeks; w++) {
      const x = plan[c][w] / ppw;
      for (let d = 0; d < ppw; d++) {
        adstock = x + curve.theta * adstock;
        const effect = curve.beta * hill(adstock, curve.k, curve.s);
        sum += effect;
        byWeek[w] += effect;
      }
    }
    return sum;
  });
  const media = byChannel.reduce((a, b) => a + b, 0);
  const base = model.baseline.slice(0, weeks * ppw).reduce((a, b) => a + b, 0);
  return { total: base + media, media, byChannel, byWeek };
}

/**
 * Gradient of the horizon's media outcome with respect to plan[channel][week],
 * by a backward (adjoint) pass through the adstock recursion:
 * g_t = β·Hill′(A_t) + θ·g_{t+1}, and a week's spend reaches each of its periods with weight 1/ppw.
 */
export function planGradient(model: ResponseModel, plan: WeeklyPlan): number[][] {
  const ppw = model.periodsPerWeek;
  const weeks = plan[0]?.length ?? 0;
  const periods = weeks * ppw;
  return model.curves.map((curve, c) => {
    const adstock = new Array<number>(periods);
    let a = model.carryIn[c];
    for (let t = 0; t < periods; t++) {
      a = plan[c][Math.floor(t / ppw)] / ppw + curve.theta * a;
      adstock[t] = a;
    }
    const grad = new Array<number>(weeks).fill(0);
    let next = 0;
    for (let t = periods - 1; t >= 0; t--) {
      next = curve.beta * hillDerivative(adstock[t], curve.k, curve.s) + curve.theta * next;
      grad[Math.floor(t / ppw)] += next / ppw;
    }
    return grad;
  });
}
