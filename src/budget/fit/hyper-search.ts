/**
 * Derivative-free minimisation over the unit cube, used for the adstock and
 * saturation hyper-parameters: a seeded random search, then coordinate
 * pattern refinement (each coordinate moved ± step, the step halved when no
 * move helps) from the best few samples. Deterministic given the seed.
 */
import { seededRng } from '../model/random.js';

export interface SearchOptions {
  /** Random samples (the cube's centre is always tried first). */
  samples: number;
  /** Best samples refined by coordinate search. */
  starts: number;
  /** Initial and final coordinate step. */
  initialStep: number;
  minStep: number;
  seed: number;
}

export interface SearchResult {
  u: number[];
  value: number;
  evaluations: number;
}

/**
 * Minimises `objective` over [0, 1]^dims.
 * @example searchUnitCube((u) => (u[0] - 0.3) ** 2, 1, { samples: 10, starts: 1, initialStep: 0.25, minStep: 1e-3, seed: 1 }).u // ≈ [0.3]
 */
export function searchUnitCube(objective: (u: number[]) => number, dims: number, options: SearchOptions): SearchResult {
  const rand = seededRng(options.seed);
  let evaluations = 0;
  const evaluate = (u: number[]) => {
    evaluations++;
    const v = objective(u);
    return Number.isFinite(v) ? v : Number.POSITIVE_INFINITY;
  };
  const candidates: SearchResult[] = [];
  const centre = new Array<number>(dims).fill(0.5);
  candidates.push({ u: centre, value: evaluate(centre), evaluations: 0 });
  for (let i = 0; i < options.samples; i++) {
    const u = Array.from({ length: dims }, () => rand());
    candidates.push({ u, value: evaluate(u), evaluations: 0 });
  }
  candidates.sort((a, b) => a.value - b.value);

  let best = candidates[0];
  for (const start of candidates.slice(0, Math.max(1, options.starts))) {
    const refined = refine(start, evaluate, options);
    if (refined.value < best.value) best = refined;
  }
  return { u: best.u, value: best.value, evaluations };
}

function refine(start: SearchResult, evaluate: (u: number[]) => number, options: SearchOptions): SearchResult {
  let u = [...start.u];
  let value = start.value;
  let step = options.initialStep;
  while (step >= options.minStep) {
    let improved = false;
    for (let i = 0; i < u.length; i++) {
      for (const direction of [1, -1]) {
        // Keep moving while the move helps (a cheap line search along the axis).
        let moved = false;
        for (;;) {
          const next = Math.min(1, Math.max(0, u[i] + direction * step));
          if (next === u[i]) break;
          const candidate = [...u];
          candidate[i] = next;
          const v = evaluate(candidate);
          if (v < value - 1e-12 * Math.abs(value)) {
            u = candidate;
            value = v;
            moved = true;
          } else break;
        }
        if (moved) {
          improved = true;
          break;
        }
      }
    }
    if (!improved) step /= 2;
  }
  return { u, value, evaluations: 0 };
}
