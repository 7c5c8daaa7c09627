/**
 * Unconstrained minimisation for the small (3–4 parameter) likelihoods of the customer-base
 * models: Nelder–Mead with restarts to get near the optimum robustly, then BFGS with
 * central-difference gradients to polish it; plus a central-difference Hessian for standard errors.
 */

export type Objective = (x: number[]) => number;

export interface MinimizeResult {
  x: number[];
  value: number;
  /** Nelder–Mead iterations plus BFGS iterations. */
  iterations: number;
  /** True when the final gradient norm is small relative to the scale of the problem. */
  converged: boolean;
  gradientNorm: number;
  /** The objective's Hessian and gradient at x, when the last Newton step measured them there. */
  hessian?: number[][];
  gradient?: number[];
}

interface NelderMeadOptions {
  maxIterations?: number;
  /** Stop when the simplex's value spread falls below this. */
  tolerance?: number;
  /** Initial simplex edge length. */
  step?: number;
}

/** Nelder–Mead simplex (standard coefficients 1, 2, ½, ½). Non-finite values count as +∞. */
export function nelderMead(f: Objective, start: number[], options: NelderMeadOptions = {}): { x: number[]; value: number; iterations: number } {
  const n = start.length;
  const maxIterations = options.maxIterations ?? 2000 * n;
  const tolerance = options.tolerance ?? 1e-10;
  const step = options.step ?? 0.5;
  const safe = (x: number[]) => {
    const v = f(x);
    return Number.isFinite(v) ? v : Infinity;
  };
  const simplex: number[][] = [start.slice()];
  for (let i = 0; i < n; i++) {
    const p = start.slice();
    p[i] += step;
    simplex.push(p);
  }
  let values = simplex.map(safe);
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    const order = values.map((_, i) => i).sort((i, j) => values[i] - values[j]);
    const sorted = order.map((i) => simplex[i]);
    values = order.map((i) => values[i]);
    simplex.splice(0, simplex.length, ...sorted);
    if (Math.abs(values[n] - values[0]) <= tolerance * (Math.abs(values[0]) + tolerance) && iterations > 0) break;
    const centroid = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) centroid[j] += simplex[i][j] / n;
    const along = (t: number) => centroid.map((c, j) => c + t * (simplex[n][j] - c));
    const reflected = along(-1);
    const fr = safe(reflected);
    if (fr < values[0]) {
      const expanded = along(-2);
      const fe = safe(expanded);
      if (fe < fr) [simplex[n], values[n]] = [expanded, fe];
      else [simplex[n], values[n]] = [reflected, fr];
    } else if (fr < values[n - 1]) {
      [simplex[n], values[n]] = [reflected, fr];
    } else {
      const contracted = fr < values[n] ? along(-0.5) : along(0.5);
      const fc = safe(contracted);
      if (fc < Math.min(fr, values[n])) {
        [simplex[n], values[n]] = [contracted, fc];
      } else {
        for (let i = 1; i <= n; i++) {
          simplex[i] = simplex[i].map((v, j) => simplex[0][j] + 0.5 * (v - simplex[0][j]));
          values[i] = safe(simplex[i]);
        }
      }
    }
  }
  const best = values.indexOf(Math.min(...values));
  return { x: simplex[best], value: values[best], iterations };
}

/** Central-difference gradient with a step relative to each coordinate. */
export function numericGradient(f: Objective, x: number[]): number[] {
  return x.map((xi, i) => {
    const h = 1e-6 * Math.max(1, Math.abs(xi));
    const up = x.slice();
    const down = x.slice();
    up[i] = xi + h;
    down[i] = xi - h;
    return (f(up) - f(down)) / (2 * h);
  });
}

/** Central-difference Hessian (symmetric), step relative to each coordinate. */
export function numericHessian(f: Objective, x: number[]): number[][] {
  const n = x.length;
  const h = x.map((xi) => 1e-4 * Math.max(Math.abs(xi), 1e-2));
  const at = (di: number, si: number, dj: number, sj: number) => {
    const p = x.slice();
    p[di] += si * h[di];
    p[dj] += sj * h[dj];
    return f(p);
  };
  const f0 = f(x);
  const H: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    H[i][i] = (at(i, 1, i, 1) - 2 * f0 + at(i, -1, i, -1)) / (4 * h[i] * h[i]);
    for (let j = 0; j < i; j++) {
      const v = (at(i, 1, j, 1) - at(i, 1, j, -1) - at(i, -1, j, 1) + at(i, -1, j, -1)) / (4 * h[i] * h[j]);
      H[i][j] = v;
      H[j][i] = v;
    }
  }
  return H;
}

/**
 * BFGS with a backtracking (Armijo) line search and numeric gradients. Used after Nelder–Mead,
 * so it starts close to the optimum and only needs a few iterations.
 */
export function bfgs(f: Objective, start: number[], maxIterations = 100): { x: number[]; value: number; iterations: number; gradientNorm: number } {
  const n = start.length;
  let x = start.slice();
  let fx = f(x);
  let g = numericGradient(f, x);
  let Hinv: number[][] = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  let iterations = 0;
  const norm = (v: number[]) => Math.sqrt(v.reduce((s, vi) => s + vi * vi, 0));
  for (; iterations < maxIterations; iterations++) {
    if (norm(g) < 1e-7 * Math.max(1, Math.abs(fx))) break;
    let d = Hinv.map((row) => -row.reduce((s, hij, j) => s + hij * g[j], 0));
    let slope = d.reduce((s, di, i) => s + di * g[i], 0);
    if (!(slope < 0)) {
      Hinv = Hinv.map((row, i) => row.map((_, j) => (i === j ? 1 : 0)));
      d = g.map((gi) => -gi);
      slope = -(norm(g) ** 2);
    }
    let t = 1;
    let next = x;
    let fnext = fx;
    for (let k = 0; k < 40; k++) {
      next = x.map((xi, i) => xi + t * d[i]);
      fnext = f(next);
      if (Number.isFinite(fnext) && fnext <= fx + 1e-4 * t * slope) break;
      t /= 2;
    }
    if (!(Number.isFinite(fnext) && fnext <= fx)) break;
    const gnext = numericGradient(f, next);
    const s = next.map((v, i) => v - x[i]);
    const y = gnext.map((v, i) => v - g[i]);
    const sy = s.reduce((acc, si, i) => acc + si * y[i], 0);
    x = next;
    fx = fnext;
    g = gnext;
    if (sy <= 1e-12) continue;
    // Hinv ← (I − ρ s yᵀ) Hinv (I − ρ y sᵀ) + ρ s sᵀ
    const rho = 1 / sy;
    const Hy = Hinv.map((row) => row.reduce((acc, h, j) => acc + h * y[j], 0));
    const yHy = y.reduce((acc, yi, i) => acc + yi * Hy[i], 0);
    Hinv = Hinv.map((row, i) =>
      row.map((h, j) => h - rho * (Hy[i] * s[j] + s[i] * Hy[j]) + (rho * rho * yHy + rho) * s[i] * s[j]),
    );
  }
  return { x, value: fx, iterations, gradientNorm: norm(g) };
}

/**
 * Minimises f from each start: Nelder–Mead, restarted from its own optimum until the value stops
 * improving, then BFGS. Returns the best result over all starts; with `stopWhenConverged`, later
 * starts are tried only while no earlier one has converged.
 */
export function minimize(f: Objective, starts: number[][], options: { stopWhenConverged?: boolean } = {}): MinimizeResult {
  let best: MinimizeResult | undefined;
  for (const start of starts) {
    if (options.stopWhenConverged && best?.converged) break;
    let current = nelderMead(f, start);
    let iterations = current.iterations;
    for (let restart = 0; restart < 5; restart++) {
      const again = nelderMead(f, current.x, { step: 0.1 });
      iterations += again.iterations;
      const improved = current.value - again.value > 1e-9 * Math.max(1, Math.abs(current.value));
      if (again.value < current.value) current = again;
      if (!improved) break;
    }
    const polished = bfgs(f, current.x);
    iterations += polished.iterations;
    const x = polished.value <= current.value ? polished.x : current.x;
    const value = Math.min(polished.value, current.value);
    const gradientNorm = polished.value <= current.value ? polished.gradientNorm : Math.hypot(...numericGradient(f, x));
    const result: MinimizeResult = { x, value, iterations, gradientNorm, converged: Number.isFinite(value) && gradientNorm < 1e-4 * Math.max(1, Math.abs(value)) };
    if (!best || result.value < best.value) best = result;
  }
  return best!;
}

/** An objective that also writes its gradient into `gradient`. */
export type ObjectiveWithGradient = (x: number[], gradient: number[]) => number;

/**
 * BFGS with an analytic gradient and a backtracking (Armijo) line search, run until the
 * quasi-Newton step is below `stepTolerance` in every coordinate: a handful of evaluations where
 * Nelder–Mead needs hundreds. Not converged when the line search stalls first.
 */
export function bfgsWithGradient(f: ObjectiveWithGradient, start: number[], options: { maxIterations?: number; stepTolerance?: number } = {}): MinimizeResult {
  const n = start.length;
  const maxIterations = options.maxIterations ?? 200;
  const stepTolerance = options.stepTolerance ?? 1e-10;
  let x = start.slice();
  let g = new Array<number>(n).fill(0);
  let fx = f(x, g);
  let Hinv: number[][] = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  const norm = (v: number[]) => Math.sqrt(v.reduce((s, vi) => s + vi * vi, 0));
  // Scale the first step: the gradient of a sum over many customers is large.
  const g0 = norm(g);
  if (Number.isFinite(g0) && g0 > 1) Hinv = Hinv.map((row) => row.map((v) => v / g0));
  let iterations = 0;
  let converged = false;
  for (; iterations < maxIterations && Number.isFinite(fx); iterations++) {
    let d = Hinv.map((row) => -row.reduce((s, hij, j) => s + hij * g[j], 0));
    let slope = d.reduce((s, di, i) => s + di * g[i], 0);
    if (!(slope < 0)) {
      Hinv = Hinv.map((row, i) => row.map((_, j) => (i === j ? 1 / Math.max(1, norm(g)) : 0)));
      d = Hinv.map((row) => -row.reduce((s, hij, j) => s + hij * g[j], 0));
      slope = d.reduce((s, di, i) => s + di * g[i], 0);
    }
    if (Math.max(...d.map(Math.abs)) < stepTolerance) {
      converged = true;
      break;
    }
    let t = 1;
    let next = x;
    let fnext = fx;
    const gnext = new Array<number>(n).fill(0);
    let accepted = false;
    for (let k = 0; k < 60; k++) {
      next = x.map((xi, i) => xi + t * d[i]);
      fnext = f(next, gnext);
      if (Number.isFinite(fnext) && fnext <= fx + 1e-4 * t * slope) {
        accepted = true;
        break;
      }
      t /= 2;
    }
    if (!accepted) {
      // No decrease is measurable any more: converged when the step itself was already tiny.
      converged = Math.max(...d.map(Math.abs)) < 1e-6;
      break;
    }
    const s = next.map((v, i) => v - x[i]);
    const y = gnext.map((v, i) => v - g[i]);
    const sy = s.reduce((acc, si, i) => acc + si * y[i], 0);
    const stalled = fx - fnext <= 1e-13 * Math.max(1, Math.abs(fx));
    x = next;
    fx = fnext;
    g = gnext;
    // Left to Newton polishing once the value stops moving (an ill-conditioned valley).
    if (stalled) break;
    if (sy <= 0) continue;
    const rho = 1 / sy;
    const Hy = Hinv.map((row) => row.reduce((acc, h, j) => acc + h * y[j], 0));
    const yHy = y.reduce((acc, yi, i) => acc + yi * Hy[i], 0);
    Hinv = Hinv.map((row, i) =>
      row.map((h, j) => h - rho * (Hy[i] * s[j] + s[i] * Hy[j]) + (rho * rho * yHy + rho) * s[i] * s[j]),
    );
  }
  return { x, value: fx, iterations, converged: converged && Number.isFinite(fx), gradientNorm: norm(g) };
}

/**
 * Newton steps from a (nearly) converged point, the Hessian by central differences of the
 * analytic gradient, each step halved until the value does not rise (steps below 1e-6 taken
 * whole): converged when a step is below 1e-9 in every coordinate (1e-7 after the last iteration). Returns the input unchanged (not converged) when the
 * Hessian is not positive definite.
 */
export function newtonPolish(f: ObjectiveWithGradient, from: MinimizeResult, maxIterations = 8): MinimizeResult {
  const n = from.x.length;
  let x = from.x.slice();
  const g = new Array<number>(n).fill(0);
  let fx = f(x, g);
  if (!Number.isFinite(fx)) return from;
  let iterations = from.iterations;
  const gp = new Array<number>(n).fill(0);
  const gm = new Array<number>(n).fill(0);
  let lastStep = Infinity;
  for (let it = 0; it < maxIterations; it++, iterations++) {
    const H: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
    for (let j = 0; j < n; j++) {
      const h = 1e-5 * Math.max(1, Math.abs(x[j]));
      const up = x.slice();
      const down = x.slice();
      up[j] += h;
      down[j] -= h;
      f(up, gp);
      f(down, gm);
      for (let i = 0; i < n; i++) H[i][j] = (gp[i] - gm[i]) / (2 * h);
    }
    for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) H[i][j] = H[j][i] = (H[i][j] + H[j][i]) / 2;
    const d = choleskySolve(H, g.map((v) => -v));
    if (!d || !d.every(Number.isFinite)) return { ...from, iterations };
    lastStep = Math.max(...d.map(Math.abs));
    if (lastStep < 1e-9) return { x, value: fx, iterations, converged: true, gradientNorm: Math.hypot(...g), hessian: H, gradient: g.slice() };
    if (lastStep < 1e-6) {
      // Near the optimum the value's rounding noise (a sum over millions of customers) exceeds
      // what such a step gains: take it whole, the gradient guides.
      x = x.map((xi, i) => xi + d[i]);
      fx = f(x, g);
      continue;
    }
    let t = 1;
    for (let k = 0; k < 30; k++, t /= 2) {
      const next = x.map((xi, i) => xi + t * d[i]);
      const gnext = new Array<number>(n).fill(0);
      const fnext = f(next, gnext);
      if (Number.isFinite(fnext) && fnext <= fx) {
        x = next;
        fx = fnext;
        for (let i = 0; i < n; i++) g[i] = gnext[i];
        break;
      }
    }
  }
  return { x, value: fx, iterations, converged: lastStep < 1e-7 && Number.isFinite(fx), gradientNorm: Math.hypot(...g) };
}

/** Solves A z = b for a symmetric positive-definite A (Cholesky); undefined when A is not. */
function choleskySolve(A: number[][], b: number[]): number[] | undefined {
  const n = b.length;
  const L: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = A[i][j];
      for (let k = 0; k < j; k++) sum -= L[i][k] * L[j][k];
      if (i === j) {
        if (!(sum > 0)) return undefined;
        L[i][i] = Math.sqrt(sum);
      } else L[i][j] = sum / L[j][j];
    }
  }
  const y = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    let sum = b[i];
    for (let k = 0; k < i; k++) sum -= L[i][k] * y[k];
    y[i] = sum / L[i][i];
  }
  const z = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    let sum = y[i];
    for (let k = i + 1; k < n; k++) sum -= L[k][i] * z[k];
    z[i] = sum / L[i][i];
  }
  return z;
}
