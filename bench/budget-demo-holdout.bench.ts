/**
 * The budget model's time holdout on many demo worlds (issue 11 #8): for each
 * seed × end date, the series the store gives (daily spend per paid channel,
 * first purchases per day: `conversions − repeat` of the daily truth, equal to
 * the store's new customers, see test/server/budget.test.ts) with the
 * workspace's default international holidays, fitted as `/v1/budget/plan`
 * fits it. Per world: the fit's holdout R² and forecast skill, the plan's mode
 * (auto: simple when `unreliableFit` says so) and reason, the truth's own
 * holdout R² (its expected first purchases, the best any model can forecast),
 * and the fitted media contribution against the true incremental purchases.
 * Per world also: whether the fit orders paid_search and paid_social as the
 * truth does, the share of its draws that do, whether each 90% ROI interval
 * holds the true ROI, and the 4-week plan (default bounds: half to twice each
 * channel's share) scored with the true curves against the current split.
 *
 * The world depends on the end date only through the weekday of its first day
 * (and the holidays in the window), so the default end dates cover seven
 * weekdays; six seeds × seven end dates are the 42 worlds issue 11 #8 is
 * measured on. A world passes when the plan uses the model (auto mode) and the
 * holdout R² is at least 0.3 (below it the fit warns); the truth passes when
 * its own expected first purchases score R² ≥ 0.3 on the same holdout.
 * Writes bench/results/budget-demo-holdout.json.
 * Run: npx tsx bench/budget-demo-holdout.bench.ts   (env SEEDS=1,2 ENDS=2026-12-10 VISITORS=100000 DAYS=90)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { currentRunRate, evaluatePlan, fitMmm, planBudget, type MmmDataset, type MmmFit } from '../src/budget/index.js';
import { generateDemoTruth } from '../src/demo/generate.js';
import { unreliableFit } from '../src/reports/budget/budget.js';
import { holidaysBetween } from '../src/reports/workspace/holidays.js';

const seeds = (process.env.SEEDS ?? '1,2,3,4,5,6').split(',').map(Number);
const ends = (process.env.ENDS ?? '2026-11-20,2026-11-30,2026-12-06,2026-12-10,2026-12-16,2027-01-02,2027-02-28').split(',');
const visitors = Number(process.env.VISITORS ?? 100_000);
const days = Number(process.env.DAYS ?? 90);
/** The truth's baseline: 16 first purchases a day at scale 1 × weekday × (1 + 0.15 t / days) (see the truth's `model.baseline`). */
const weekday = [1, 1, 1, 1.05, 1.05, 1.1, 0.9];

function r2(actual: number[], predicted: number[]): number {
  const mean = actual.reduce((a, b) => a + b, 0) / actual.length;
  let sse = 0;
  let sst = 0;
  actual.forEach((y, t) => {
    sse += (y - predicted[t]) ** 2;
    sst += (y - mean) ** 2;
  });
  return 1 - sse / sst;
}

const round = (x: number) => Math.round(x * 1000) / 1000;
interface WorldCase {
  seed: number;
  end_date: string;
  holdout_r2: number;
  holdout_skill: number;
  truth_holdout_r2: number;
  mode: 'model' | 'simple';
  reason: string | null;
  media_error: number;
  paid_search_error: number;
  paid_social_error: number;
  /** The fit's ROI order of paid_search and paid_social is the truth's. */
  order_right: boolean;
  /** Share of the draws with paid_search's ROI above paid_social's. */
  search_above_social: number;
  search_roi_covered: boolean;
  social_roi_covered: boolean;
  /** True media outcome of the 4-week plan / of the current split, − 1. */
  plan_true_gain: number;
  generate_ms: number;
  fit_ms: number;
}
const cases: WorldCase[] = [];
for (const endDate of ends) {
  for (const seed of seeds) {
    const t0 = performance.now();
    const truth = generateDemoTruth({ seed, days, visitors, endDate });
    const generateMs = performance.now() - t0;
    const daily = truth.daily;
    const size = visitors / days / (100_000 / 90);
    const channels = truth.channels.filter((c) => c.response !== null && Number(c.spend) > 0).map((c) => c.channel).sort();
    const data: MmmDataset = {
      dates: daily.map((d) => d.date),
      channels,
      spend: channels.map((c) => daily.map((d) => d.spend[c] ?? 0)),
      outcome: daily.map((d) => d.conversions - d.repeat),
    };
    const { holidays } = holidaysBetween(data.dates[0], data.dates[data.dates.length - 1], { calendar: 'gregorian', holiday_sets: ['international'], extra: [] });
    const t1 = performance.now();
    const fit = fitMmm(data, { holidays });
    const fitMs = performance.now() - t1;
    const h = fit.fit.holdout.periods;
    const expected = daily.map((d, t) => {
      const dow = (new Date(`${d.date}T00:00:00Z`).getUTCDay() + 6) % 7;
      return Object.values(d.expected).reduce((a, b) => a + b, 0) + 16 * size * weekday[dow] * (1 + (0.15 * t) / days);
    });
    const unreliable = unreliableFit(fit, data.outcome);
    const trueInc = (c: string) => truth.channels.find((t) => t.channel === c)!.incremental_conversions;
    const error = (c: string) => round(fit.channelReports.find((r) => r.channel === c)!.contribution / trueInc(c) - 1);
    const media = fit.channelReports.reduce((a, c) => a + c.contribution, 0) / fit.channelReports.reduce((a, c) => a + trueInc(c.channel), 0) - 1;
    const row: WorldCase = {
      seed,
      end_date: endDate,
      holdout_r2: round(fit.fit.holdout.r2),
      holdout_skill: round(fit.fit.holdout.skill),
      truth_holdout_r2: round(r2(data.outcome.slice(-h), expected.slice(-h))),
      mode: unreliable ? 'simple' : 'model',
      reason: unreliable?.id ?? null,
      media_error: round(media),
      paid_search_error: error('paid_search'),
      paid_social_error: error('paid_social'),
      ...orderAndCoverage(fit, truth.channels),
      plan_true_gain: round(truePlanGain(fit, data, truth.channels)),
      generate_ms: Math.round(generateMs),
      fit_ms: Math.round(fitMs),
    };
    cases.push(row);
    console.log(JSON.stringify(row));
  }
}

type TruthChannels = ReturnType<typeof generateDemoTruth>['channels'];

function orderAndCoverage(fit: MmmFit, truth: TruthChannels) {
  const report = (c: string) => fit.channelReports.find((r) => r.channel === c)!;
  const trueRoi = (c: string) => truth.find((t) => t.channel === c)!.incremental_conversions / report(c).spend;
  const covered = (c: string) => report(c).roi_ci[0] <= trueRoi(c) && trueRoi(c) <= report(c).roi_ci[1];
  const p = fit.baselineCoef.length;
  const [i, j] = ['paid_search', 'paid_social'].map((c) => fit.channels.indexOf(c));
  // ROI_c = β_c · Σ Hill / Σ spend: the factor after β is fixed by the curve.
  const factor = (c: number) => fit.channelReports[c].contribution / fit.channelReports[c].beta / fit.channelReports[c].spend;
  const above = fit.coefDraws.filter((coef) => coef[p + i] * factor(i) > coef[p + j] * factor(j)).length / fit.coefDraws.length;
  return {
    order_right: report('paid_search').roi > report('paid_social').roi === trueRoi('paid_search') > trueRoi('paid_social'),
    search_above_social: round(above),
    search_roi_covered: covered('paid_search'),
    social_roi_covered: covered('paid_social'),
  };
}

/** The 4-week plan at the current total (default bounds), scored with the true curves against the current split. */
function truePlanGain(fit: MmmFit, data: MmmDataset, truth: TruthChannels): number {
  const weeks = 4;
  const current = currentRunRate(fit, weeks);
  const total = current.reduce((a, b) => a + b, 0);
  const bounds = Object.fromEntries(fit.channels.map((c, k) => [c, { min: 0.5 * current[k], max: 2 * current[k] }]));
  const planned = planBudget(fit, { total, weeks, bounds, outcomeKind: 'new_customers' });
  const curves = fit.channels.map((c) => truth.find((t) => t.channel === c)!.response!);
  const model = { channels: fit.channels, curves, carryIn: data.spend.map((x, c) => x.reduce((a, v) => v + curves[c].theta * a, 0)), periodsPerWeek: 7, baseline: new Array<number>(weeks * 7).fill(0) };
  const split = planned.allocation.map((r) => new Array<number>(weeks).fill(r.current_split_spend / weeks));
  return evaluatePlan(model, planned.allocation.map((r) => r.weekly)).media / evaluatePlan(model, split).media - 1;
}

const sorted = (key: 'holdout_r2' | 'truth_holdout_r2') => cases.map((c) => c[key]).sort((a, b) => a - b);
const median = (xs: number[]) => xs[Math.floor(xs.length / 2)];
const summary = {
  worlds: cases.length,
  model_mode_r2_at_least_0_3: cases.filter((c) => c.mode === 'model' && c.holdout_r2 >= 0.3).length,
  truth_r2_at_least_0_3: cases.filter((c) => c.truth_holdout_r2 >= 0.3).length,
  simple_mode: cases.filter((c) => c.mode === 'simple').length,
  holdout_r2_below_0_3: cases.filter((c) => c.holdout_r2 < 0.3).length,
  truth_holdout_r2_below_0_3: cases.filter((c) => c.truth_holdout_r2 < 0.3).length,
  holdout_r2_median: median(sorted('holdout_r2')),
  truth_holdout_r2_median: median(sorted('truth_holdout_r2')),
  media_error_abs_over_0_25: cases.filter((c) => Math.abs(c.media_error) > 0.25).length,
  order_right: cases.filter((c) => c.order_right).length,
  search_above_social_median: median(cases.map((c) => c.search_above_social).sort((a, b) => a - b)),
  search_roi_covered: cases.filter((c) => c.search_roi_covered).length,
  social_roi_covered: cases.filter((c) => c.social_roi_covered).length,
  plan_true_gain_median: median(cases.map((c) => c.plan_true_gain).sort((a, b) => a - b)),
  plan_true_loss_over_1pct: cases.filter((c) => c.plan_true_gain < -0.01).length,
};
console.log(JSON.stringify(summary));
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/budget-demo-holdout.json', import.meta.url), JSON.stringify({ node: process.version, visitors, days, summary, cases }, null, 2) + '\n');
