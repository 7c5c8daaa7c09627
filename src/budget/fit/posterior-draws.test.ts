import { Matrix, inverse } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { normalDraw, seededRng } from '../model/random.js';
import { posteriorDraws } from './posterior-draws.js';
import { fitCoefficients, predict, type RegressionSetup } from './regression.js';

describe('posterior draws (randomize-then-optimize)', () => {
  // y = 50 + 2·x + N(0, 3²), 200 periods; the ridge makes the prior on β as strong as the data
  // (prior precision λ = ridge · n · var(x) ≈ the data's n · var(x)), so the fit is pulled toward 0.
  const n = 200;
  const rand = seededRng(11);
  const x = Array.from({ length: n }, () => 35 * rand());
  const y = x.map((v) => 50 + 2 * v + 3 * normalDraw(rand));
  const base = Array.from({ length: n }, (_, t) => [1 - t / n, t / n]);
  const setup: RegressionSetup = { base, y, rows: n, ridge: 1, calibration: [] };
  const fit = fitCoefficients(setup, [x]);
  const fitted = predict(base, [x], fit.coef);
  const draws = posteriorDraws(setup, [x], { outcome: y, fitted, parameters: 3, blockLength: 1, draws: 400, seed: 5 }).map((c) => c[2]);
  const mean = draws.reduce((a, b) => a + b, 0) / draws.length;
  const sd = Math.sqrt(draws.reduce((a, b) => a + (b - mean) ** 2, 0) / (draws.length - 1));

  // The Gaussian posterior by hand: covariance σ² (XᵀX + Λ)⁻¹, Λ = diag(0, 0, λ), σ² from the fit's residuals.
  const mx = x.reduce((a, b) => a + b, 0) / n;
  const lambda = n * (x.reduce((a, b) => a + b * b, 0) / n - mx * mx);
  const design = new Matrix(base.map((b, t) => [...b, x[t]]));
  const gram = design.transpose().mmul(design);
  gram.set(2, 2, gram.get(2, 2) + lambda);
  const residuals = y.map((v, t) => v - fitted[t]);
  const rMean = residuals.reduce((a, b) => a + b, 0) / n;
  const sigma2 = residuals.reduce((a, e) => a + (e - rMean) ** 2, 0) / (n - 3);
  const posteriorSd = Math.sqrt(sigma2 * inverse(gram).get(2, 2));

  it('is a strong prior here: the fit sits about halfway between 0 and the truth 2', () => {
    expect(fit.coef[2]).toBeGreaterThan(0.7);
    expect(fit.coef[2]).toBeLessThan(1.3);
  });

  it('centres on the fit (a residual bootstrap around the fitted values shrinks a second time, to about half)', () => {
    expect(Math.abs(mean - fit.coef[2])).toBeLessThan(0.25 * posteriorSd);
  });

  it('spreads as the Gaussian posterior does (400 draws: the sd within ±15%)', () => {
    expect(sd / posteriorSd).toBeGreaterThan(0.85);
    expect(sd / posteriorSd).toBeLessThan(1.15);
  });

  it('is reproducible from its seed', () => {
    const again = posteriorDraws(setup, [x], { outcome: y, fitted, parameters: 3, blockLength: 1, draws: 400, seed: 5 }).map((c) => c[2]);
    expect(again).toEqual(draws);
  });
});
