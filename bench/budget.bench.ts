/**
 * Times the marketing-mix fit (hyper-parameter search + bootstrap) and the
 * 13-week optimisation on two years of simulated daily data for 6 channels
 * (and 8, the benchmark), writing bench/results/budget.json.
 * Run: npx tsx bench/budget.bench.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fitMmm } from '../src/budget/fit/fit-mmm.js';
import { planBudget } from '../src/budget/plan/plan.js';
import { syntheticWorld, type SyntheticChannel } from '../src/budget/synthetic.js';

const allChannels: SyntheticChannel[] = [
  { name: 'paid_search', curve: { theta: 0.3, k: 1500, s: 1.2, beta: 600 }, meanSpend: 1000 },
  { name: 'social', curve: { theta: 0.6, k: 3000, s: 2, beta: 500 }, meanSpend: 800 },
  { name: 'display', curve: { theta: 0.1, k: 800, s: 1, beta: 250 }, meanSpend: 500 },
  { name: 'video', curve: { theta: 0.8, k: 20000, s: 1.5, beta: 700 }, meanSpend: 3000 },
  { name: 'email', curve: { theta: 0, k: 100, s: 1, beta: 120 }, meanSpend: 100 },
  { name: 'affiliates', curve: { theta: 0.2, k: 600, s: 0.8, beta: 200 }, meanSpend: 300 },
  { name: 'influencers', curve: { theta: 0.5, k: 2000, s: 1.8, beta: 300 }, meanSpend: 700 },
  { name: 'podcasts', curve: { theta: 0.7, k: 1500, s: 1.3, beta: 150 }, meanSpend: 400 },
];

function run(channelCount: number) {
  const channels = allChannels.slice(0, channelCount);
  const world = syntheticWorld({ channels, periods: 730, seed: 42, noise: 0.01 });
  const t0 = performance.now();
  const fit = fitMmm(world.data, { seed: 1 });
  const fitMs = performance.now() - t0;
  const weekly = channels.reduce((a, c) => a + c.meanSpend, 0) * 7;
  const t1 = performance.now();
  const plan = planBudget(fit, { total: 13 * weekly, weeks: 13 });
  const optimizeMs = performance.now() - t1;
  const roiErrors = world.truth.map((t) => {
    const r = fit.channelReports.find((c) => c.channel === t.channel)!;
    return { channel: t.channel, true_roi: t.roi, fitted_roi: r.roi, relative_error: r.roi / t.roi - 1 };
  });
  return {
    channels: channelCount,
    periods: 730,
    fit_ms: Math.round(fitMs),
    optimize_13_weeks_ms: Math.round(optimizeMs),
    r2: fit.fit.r2,
    holdout_r2: fit.fit.holdout.r2,
    max_abs_roi_error: Math.max(...roiErrors.map((e) => Math.abs(e.relative_error))),
    roi: roiErrors,
    uplift_vs_current_split: plan.expected_outcome / plan.current.expected_outcome - 1,
  };
}

const results = { node: process.version, cases: [run(6), run(8)] };
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/budget.json', import.meta.url), JSON.stringify(results, null, 2) + '\n');
for (const c of results.cases) {
  console.log(`${c.channels} channels × ${c.periods} days: fit ${c.fit_ms} ms, optimise 13 weeks ${c.optimize_13_weeks_ms} ms, R² ${c.r2.toFixed(3)}, max ROI error ${(100 * c.max_abs_roi_error).toFixed(1)}%`);
}
