/**
 * The store-backed budget reports on a real DuckDB file holding a demo world
 * (120 days, 20,000 visitors): the series built from the store against hand
 * sums of the world's spend rows and its daily truth, the plan's money and
 * bounds, simple mode, the funnel prefill, the workspace calendar; then the
 * same file served by the real server for /v1/budget/* and the CLI going
 * through it. The world is loaded once (the slow part) and shared.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Big from 'big.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MmmFit } from '../../src/budget/index.js';
import { generateDemoWorld } from '../../src/demo/generate.js';
import type { DemoWorld } from '../../src/demo/world/types.js';
import { loadWorld } from '../../src/demo/load-world.js';
import { channelSeries, eachDay, firstPurchasesByDay } from '../../src/reports/budget/budget-dataset.js';
import { budgetFit, budgetFunnel, budgetPlan, type BudgetPlanReport, type FitMemo } from '../../src/reports/budget/budget.js';
import { calendarDocument } from '../../src/reports/workspace/workspace-display.js';
import { openWorkspace, startServer, type RunningServer } from '../../src/server/start.js';
import { DuckDbStore } from '../../src/store/duckdb/duckdb-store.js';

const root = join(import.meta.dirname, '..', '..');
const demo = { seed: 1, days: 120, visitors: 20_000 };


let dir: string;
let dbPath: string;
let world: DemoWorld;
let store: DuckDbStore;
let ws: string;

/** Hand sums of the world's spend rows: cost per date and channel, and impressions/clicks per date. */
function spendByDay(w: DemoWorld) {
  const cost = new Map<string, Big>();
  const volume = new Map<string, { impressions: number; clicks: number; cost: Big }>();
  for (const row of w.spend) {
    expect(row.cost.currency).toBe('EUR');
    const key = `${row.date}|${row.channel}`;
    cost.set(key, (cost.get(key) ?? new Big(0)).plus(row.cost.amount));
    const v = volume.get(row.date) ?? { impressions: 0, clicks: 0, cost: new Big(0) };
    volume.set(row.date, { impressions: v.impressions + (row.impressions ?? 0), clicks: v.clicks + (row.clicks ?? 0), cost: v.cost.plus(row.cost.amount) });
  }
  return { cost, volume };
}

const cents = (rows: { spend: number }[]) => rows.reduce((acc, r) => acc + Math.round(r.spend * 100), 0);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'roilens-budget-'));
  dbPath = join(dir, 'budget.duckdb');
  world = generateDemoWorld(demo);
  store = await DuckDbStore.open(dbPath);
  const { workspace } = await openWorkspace(store, { adminToken: 'adm' });
  ws = workspace.id;
  await loadWorld(store, ws, world);
});

afterAll(async () => {
  await store?.close().catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

describe('budget reports on the store', () => {
  it('builds the daily series from the store: spend equals the world’s spend rows, outcome its daily sales', async () => {
    const { from, to } = await store.dataRange(ws);
    expect([from, to]).toEqual([world.truth.start_date, world.truth.end_date]);
    const rows = await store.channelDaily(ws, { from: from!, to: to!, lookbackDays: 30 });
    const series = channelSeries(rows, { from: from!, to: to!, outcome: 'conversions' });
    const { cost } = spendByDay(world);
    expect(series.dataset.dates).toEqual(eachDay(from!, to!));
    expect(series.dataset.dates).toHaveLength(120);
    expect(series.dataset.channels).toEqual(['affiliates', 'display', 'email', 'influencer', 'paid_search', 'paid_social']);
    series.dataset.channels.forEach((channel, c) => {
      series.dataset.dates.forEach((date, t) => {
        expect(series.dataset.spend[c][t]).toBeCloseTo(Number(cost.get(`${date}|${channel}`) ?? 0), 6);
      });
    });
    // Money conserved: the exact total of the spend rows.
    const total = world.spend.reduce((acc, r) => acc.plus(r.cost.amount), new Big(0));
    expect(new Big(series.spendTotal).eq(total)).toBe(true);
    const truthSpend = world.truth.channels.reduce((acc, c) => acc.plus(c.spend), new Big(0));
    expect(total.eq(truthSpend)).toBe(true);
    // Outcome: every sale of the day, whichever channel it is credited to.
    expect(series.dataset.outcome).toEqual(world.truth.daily.map((d) => d.conversions));
  });

  it('fits the model on all data and keeps the fit in the memo for the same data version', async () => {
    const saved = new Map<string, MmmFit>();
    let sets = 0;
    const memo: FitMemo = { get: (k) => saved.get(k), set: (k, fit) => (sets++, saved.set(k, fit)) };
    const report = await budgetFit(store, ws, {}, memo);
    expect(report.from).toBe(world.truth.start_date);
    expect(report.periods).toBe(120);
    expect(report.channels.map((c) => c.channel)).toEqual(['affiliates', 'display', 'email', 'influencer', 'paid_search', 'paid_social']);
    for (const c of report.channels) {
      expect(Number.isFinite(c.roi)).toBe(true);
      expect(c.roi_ci[0]).toBeLessThanOrEqual(c.roi_ci[1]);
      expect(c.spend).toBeCloseTo(Number(world.truth.channels.find((t) => t.channel === c.channel)!.spend), 6);
    }
    expect(report.calendar).toMatchObject({ calendar: 'gregorian', holiday_sets: ['international'], holidays: [] });
    await budgetFit(store, ws, {}, memo);
    expect(sets).toBe(1);
    expect(saved.size).toBe(1);
  });

  it('plans with the model: default total = the last 4 weeks of spend, spent to the cent, never worse than the current split', async () => {
    const plan = await budgetPlan(store, ws, { weeks: 4, mode: 'model' });
    const { cost } = spendByDay(world);
    const last28 = eachDay(world.truth.start_date, world.truth.end_date).slice(-28);
    const hand = [...cost].filter(([k]) => last28.includes(k.split('|')[0])).reduce((acc, [, v]) => acc.plus(v), new Big(0));
    expect(plan.mode).toBe('model');
    expect(plan.total).toBeCloseTo(Number(hand), 2);
    expect(cents(plan.allocation)).toBe(Math.round(plan.total * 100));
    expect(Math.abs(plan.allocation.reduce((a, r) => a + r.current, 0) - plan.total)).toBeLessThan(0.05);
    expect(plan.expected_outcome).toBeGreaterThanOrEqual(plan.current_outcome - 1e-9);
    expect(plan.interval![0]).toBeLessThanOrEqual(plan.interval![1]);
    expect(plan.weekly).toHaveLength(4);
    expect(plan.moves.every((m) => typeof m === 'string')).toBe(true);
  });

  it('respects absolute and ±% bounds at a given total', async () => {
    const bounds = { paid_search: { min: 1500 }, display: { max: 300 }, paid_social: { min_pct: -10 } };
    const plan = await budgetPlan(store, ws, { total: 5000, weeks: 4, mode: 'model', bounds });
    const row = (c: string) => plan.allocation.find((a) => a.channel === c)!;
    expect(cents(plan.allocation)).toBe(500_000);
    expect(row('paid_search').spend).toBeGreaterThanOrEqual(1500);
    expect(row('display').spend).toBeLessThanOrEqual(300);
    expect(row('paid_social').spend).toBeGreaterThanOrEqual(row('paid_social').current_spend * 0.9 - 0.01);
    await expect(budgetPlan(store, ws, { total: 1000, weeks: 4, mode: 'model', bounds })).rejects.toThrow(/total: 1000 is below the sum of channel minimums/);
    await expect(budgetPlan(store, ws, { total: 5000, bounds: { tv: { max: 1 } } })).rejects.toThrow(/bounds.tv: unknown channel/);
  });

  it('switches to simple rules with reasons when the history is shorter than 8 weeks', async () => {
    const plan = await budgetPlan(store, ws, { from: '2026-10-17', to: '2026-11-20', total: 3000, weeks: 2 });
    expect(plan.mode).toBe('simple');
    expect(plan.reason).toMatch(/35 days of history are fewer than the 56/);
    expect(cents(plan.allocation)).toBe(300_000);
    expect(plan.decisions).toHaveLength(6);
    expect(plan.moves).toHaveLength(6);
    for (const d of plan.decisions!) expect(d.reason.length).toBeGreaterThan(10);
    expect(plan.reason_message).toMatchObject({ id: 'budget.msg.reason_short_history', params: { days: 35, min_days: 56 } });
    // Issue 11 #8: each move says what its row does (raise / lower / keep against the current split at the same total).
    for (const m of plan.move_messages) {
      const row = plan.allocation.find((a) => a.channel === m.params.channel)!;
      const diff = row.spend - row.current;
      const expected = Math.abs(diff) <= Math.max(0.01, 0.005 * row.current) ? 'budget.msg.move_keep' : diff > 0 ? 'budget.msg.move_up' : 'budget.msg.move_down';
      expect([m.params.channel, m.id]).toEqual([row.channel, expected]);
      expect(m.because?.id).toMatch(/^budget\.msg\.rule_/);
    }
  });

  it('rejects bad input with the field named', async () => {
    await expect(budgetPlan(store, ws, { outcome: 'clicks' })).rejects.toThrow(/outcome: must be conversions or revenue/);
    await expect(budgetPlan(store, ws, { weeks: 0 })).rejects.toThrow(/weeks: must be at least 1/);
    await expect(budgetPlan(store, ws, { from: '2026-13-01' })).rejects.toThrow(/from: expected a date/);
    await expect(budgetFit(store, ws, { from: '2026-11-10' })).rejects.toThrow(/too few/);
  });

  it('prefills the funnel from the last 30 days of paid KPIs and seeks the budget for 500 sales', async () => {
    const { volume } = spendByDay(world);
    const last30 = eachDay(world.truth.start_date, world.truth.end_date).slice(-30);
    const sum = last30.reduce((acc, d) => {
      const v = volume.get(d);
      return v ? { impressions: acc.impressions + v.impressions, clicks: acc.clicks + v.clicks, cost: acc.cost.plus(v.cost) } : acc;
    }, { impressions: 0, clicks: 0, cost: new Big(0) });
    const funnel = await budgetFunnel(store, ws, { target_sales: 500 });
    expect(funnel.from).toBe(last30[0]);
    // Issue 11 #10: the demo's buyers mostly never were leads, so sales are planned from visits; the close rate is the
    // CRM funnel's (paid leads of the window that became customers), the same number the CRM funnel shows.
    const crm = await store.crmFunnel(ws, { from: funnel.from, to: funnel.to, by: 'channel', lookbackDays: 30 });
    const paidRows = crm.filter((r) => r.key !== null && funnel.paid_channels.includes(r.key));
    const count = (stage: string) => paidRows.reduce((a, r) => a + (r.stages.find((x) => x.stage === stage)?.count ?? 0), 0);
    expect(count('lead')).toBeGreaterThan(0);
    expect(funnel.assumptions.close_rate.value).toBeCloseTo(count('customer') / count('lead'), 12);
    expect(funnel.path).toBe('visits');
    expect(funnel.path_message.id).toBe('budget.msg.path_visits');
    expect(funnel.assumptions.close_rate.value!).toBeLessThan(funnel.assumptions.sales_rate.value! / funnel.assumptions.cvr.value!);
    expect(funnel.assumptions.cpm.value).toBeCloseTo((Number(sum.cost) * 1000) / sum.impressions, 9);
    expect(funnel.assumptions.ctr.value).toBeCloseTo(sum.clicks / sum.impressions, 12);
    expect(funnel.mode).toBe('goal_seek');
    expect(funnel.customers).toBeCloseTo(500, 6);
    expect(funnel.budget).toBeGreaterThan(0);
    await expect(budgetFunnel(store, ws, { target_sales: 5, budget: 10 })).rejects.toThrow(/at most one/);
    await expect(budgetFunnel(store, ws, { ctr: 2 })).rejects.toThrow(/ctr: is a rate and must be at most 1/);
  });

  it('uses the workspace calendar document for holidays', async () => {
    await store.putDocument(ws, calendarDocument.collection, calendarDocument.id, { calendar: 'jalali', holiday_sets: ['iran'], extra: [{ date: '2026-10-01', name: 'launch' }] });
    try {
      const report = await budgetFit(store, ws, {});
      expect(report.calendar).toEqual({ calendar: 'jalali', holiday_sets: ['iran'], holidays: [{ date: '2026-10-01', name: 'launch' }] });
      expect(Object.keys(report.baseline)).toContain('holiday_launch');
    } finally {
      await store.deleteDocument(ws, calendarDocument.collection, calendarDocument.id);
    }
  });
});

describe('/v1/budget on the running server', () => {
  let server: RunningServer;
  const api = async (path: string, opts: { token?: string | null; body?: unknown } = {}) => {
    const token = opts.token === undefined ? 'adm' : opts.token;
    const res = await fetch(`${server.url}${path}`, {
      method: opts.body === undefined ? 'GET' : 'POST',
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    });
    return { status: res.status, body: (await res.json()) as BudgetPlanReport & Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON under test
  };

  beforeAll(async () => {
    await store.close();
    // The database already holds the same demo world, so the server does not load it again.
    server = await startServer({ dbPath, port: 0, demo, quiet: true, adminToken: 'adm' });
  });

  afterAll(async () => {
    await server?.close();
  });

  it('answers GET /v1/budget/plan as the dashboard reads it', async () => {
    const { status, body } = await api('/v1/budget/plan?total=5000&weeks=4&outcome=conversions');
    expect(status).toBe(200);
    expect(body.total).toBe(5000);
    expect(cents(body.allocation)).toBe(500_000);
    for (const row of body.allocation) {
      expect(typeof row.channel).toBe('string');
      expect(typeof row.current).toBe('number');
      expect(typeof row.spend).toBe('number');
    }
    expect(typeof body.expected_outcome).toBe('number');
    expect(body.moves.every((m: unknown) => typeof m === 'string')).toBe(true);
    expect(body.move_messages).toHaveLength(body.moves.length);
    for (const m of body.move_messages) expect(m.id).toMatch(/^budget\.msg\.move_/);
    for (const w of body.warning_messages) expect(w.id).toMatch(/^budget\.msg\./);
  });

  it('says the plan mode and why in simple mode, and words every move as an id with parameters', async () => {
    const { status, body } = await api('/v1/budget/plan?mode=simple&total=5000&weeks=4');
    expect(status).toBe(200);
    expect(body.mode).toBe('simple');
    expect(body.reason_message).toEqual({ id: 'budget.msg.reason_asked', params: {}, text: 'simple mode was asked for' });
    expect(body.interval).toBeNull();
    for (const m of body.move_messages) {
      const row = body.allocation.find((a: { channel: string }) => a.channel === m.params.channel)!;
      if (m.id === 'budget.msg.move_up') expect(row.spend).toBeGreaterThan(row.current);
      else if (m.id === 'budget.msg.move_down') expect(row.spend).toBeLessThan(row.current);
      else expect(m.id).toBe('budget.msg.move_keep');
    }
  });

  it('takes bounds in POST /v1/budget/plan and refuses bad input and missing tokens', async () => {
    const { status, body } = await api('/v1/budget/plan', { body: { total: 4000, weeks: 2, mode: 'model', bounds: { paid_search: { max: 500 } } } });
    expect(status).toBe(200);
    expect(cents(body.allocation)).toBe(400_000);
    expect(body.allocation.find((a: { channel: string }) => a.channel === 'paid_search')?.spend).toBeLessThanOrEqual(500);
    expect((await api('/v1/budget/plan?outcome=clicks')).status).toBe(400);
    const unknown = await api('/v1/budget/plan', { body: { total: 100, bounds: { tv: { max: 1 } } } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.issues[0].path).toBe('bounds.tv');
    expect((await api('/v1/budget/plan', { token: null })).status).toBe(401);
  });

  it('serves the funnel with overrides and the fit', async () => {
    const funnel = await api('/v1/budget/funnel?target_sales=500&aov=80');
    expect(funnel.status).toBe(200);
    expect(funnel.body.assumptions.aov).toMatchObject({ value: 80, source: 'override' });
    expect(funnel.body.revenue).toBeCloseTo(40_000, 6);
    expect(funnel.body.path).toBe('visits');
    expect(funnel.body.assumptions.close_rate.basis_message.id).toBe('budget.msg.basis_close_rate');
    const fit = await api('/v1/budget/fit?outcome=revenue');
    expect(fit.status).toBe(200);
    expect(fit.body.outcome).toBe('revenue');
    expect(fit.body.channels).toHaveLength(6);
    expect(typeof fit.body.usable).toBe('boolean');
    if (!fit.body.usable) expect(fit.body.unusable_reason.id).toMatch(/^budget\.msg\.reason_/);
  });

  it('lets the CLI plan through the server that holds the database', async () => {
    const run = promisify(execFile);
    const { stdout } = await run(join(root, 'bin', 'roilens'), ['budget', 'optimize', '--db', dbPath, '--total', '5000', '--weeks', '4', '--format', 'json'], { env: { ...process.env, ROILENS_FROM_SOURCE: '1' } });
    const plan = JSON.parse(stdout) as BudgetPlanReport;
    expect(plan.total).toBe(5000);
    expect(cents(plan.allocation)).toBe(500_000);
  });
});

/**
 * The model against the demo world's causal truth, on the default demo world
 * (seed 42, 90 days, 100,000 people: ~42 first purchases a day; end date
 * pinned). Measured on the same series outside the store, since the demo's
 * budget test goes dark in its last week (issue 11 #8): paid channels'
 * incremental first purchases 1,921 fitted vs 2,162 true (−11%); paid_search
 * 663 vs 838 (−21%), paid_social 616 vs 567 (+9%); display +46%, email −82%
 * (small channels are not identified: the ROI prior keeps them near the common
 * ROI); holdout R² 0.64, forecast skill 0.65. (Before: 1,937 vs 2,272, −15%;
 * paid_search −12%, paid_social −19%; R² 0.52.)
 * It was seed 1, 180 days, 30,000 people (~6 first purchases a day) until the
 * demo's last weeks got a budget test (issue 11 #8): on that world paid_search
 * then came out at −52% whatever the ridge (0.001 gave −55%), the noise of
 * six sales a day; the default world is also the one the dashboard shows.
 * Before the non-negative levels, the K range and the ROI prior the old world
 * gave 34,164 paid conversions out of 1,617 sales (paid_search β 183 against
 * a baseline intercept of −180).
 */
describe('budget model against the demo truth', () => {
  const truthWorld = { seed: 42, days: 90, visitors: 100_000, endDate: '2026-11-20' };
  let tdir: string;
  let tstore: DuckDbStore;
  let tws: string;
  let truth: DemoWorld['truth'];

  beforeAll(async () => {
    tdir = mkdtempSync(join(tmpdir(), 'roilens-budget-truth-'));
    const w = generateDemoWorld(truthWorld);
    truth = w.truth;
    tstore = await DuckDbStore.open(join(tdir, 'truth.duckdb'));
    const { workspace } = await openWorkspace(tstore, { adminToken: 'adm' });
    tws = workspace.id;
    await loadWorld(tstore, tws, w);
  }, 600_000); // generating and loading the 120-day world can pass the default 120 s hook limit on a loaded machine

  afterAll(async () => {
    await tstore?.close().catch(() => undefined);
    rmSync(tdir, { recursive: true, force: true });
  });

  it('counts new customers per day exactly as the world made first purchases', async () => {
    const rows = await tstore.channelDaily(tws, { from: truth.start_date, to: truth.end_date, lookbackDays: 30 });
    const firsts = firstPurchasesByDay(await tstore.customerTransactions(tws, { to: truth.end_date }));
    const series = channelSeries(rows, { from: truth.start_date, to: truth.end_date, outcome: 'new_customers' }, firsts);
    expect(series.dataset.outcome).toEqual(truth.daily.map((d) => d.conversions - d.repeat));
  });

  it('credits the paid channels with about their true incremental first purchases', async () => {
    const report = await budgetFit(tstore, tws, {});
    expect(report.outcome).toBe('new_customers');
    const trueInc = (c: string) => truth.channels.find((t) => t.channel === c)!.incremental_conversions;
    const fitted = (c: string) => report.channels.find((r) => r.channel === c)!;
    const sumTrue = report.channels.reduce((a, c) => a + trueInc(c.channel), 0);
    const sumFit = report.channels.reduce((a, c) => a + c.contribution, 0);
    expect(Math.abs(sumFit / sumTrue - 1)).toBeLessThan(0.25);
    // The two channels with most spend (60% of it).
    expect(Math.abs(fitted('paid_search').contribution / trueInc('paid_search') - 1)).toBeLessThan(0.25);
    expect(Math.abs(fitted('paid_social').contribution / trueInc('paid_social') - 1)).toBeLessThan(0.35);
    // The truth's ROI order: 838 / 45,187 = 0.0185 vs 567 / 40,064 = 0.0142 first purchases per euro.
    expect(trueInc('paid_search') / fitted('paid_search').spend).toBeGreaterThan(trueInc('paid_social') / fitted('paid_social').spend);
    // The fit does not order them: its point estimates put paid_social a little ahead (663 / 45,187 = 0.0147 against
    // 616 / 40,064 = 0.0154, each inside its tolerance above). This history cannot order them: a least-squares fit told
    // everything but their two betas (true curves, true baseline, the other channels' true effects) estimates the ROI
    // difference at 0.0005 ± 0.0092 against the true 0.0044 (0.48 standard errors; 0.3–0.5 on seeds 1–5, with the
    // order wrong on 2 of 6), so the fit's honest answer is that the two are not told apart: each 90% interval holds
    // the true ROI and the two overlap. (The residual bootstrap with fixed priors gave paid_search 0.0069–0.0172,
    // without its true 0.0185.)
    for (const c of ['paid_search', 'paid_social']) {
      const roi = trueInc(c) / fitted(c).spend;
      expect(fitted(c).roi_ci[0]).toBeLessThanOrEqual(roi);
      expect(fitted(c).roi_ci[1]).toBeGreaterThanOrEqual(roi);
    }
    expect(fitted('paid_search').roi_ci[0]).toBeLessThan(fitted('paid_social').roi_ci[1]);
    expect(fitted('paid_social').roi_ci[0]).toBeLessThan(fitted('paid_search').roi_ci[1]);
    // A baseline that is a demand level, not a negative offset.
    expect(report.baseline.level_start).toBeGreaterThanOrEqual(0);
    expect(report.baseline.level_end).toBeGreaterThanOrEqual(0);
    const observed = truth.daily.reduce((a, d) => a + d.conversions - d.repeat, 0);
    expect(sumFit).toBeLessThan(observed);
    // Passes its holdout (the last 14 days, which hold the demo's budget test): better than the history's mean and than the holdout's own mean.
    expect(report.fit.holdout.skill).toBeGreaterThan(0.2);
    expect(report.fit.holdout.r2).toBeGreaterThan(0.2);
    expect(report.usable).toBe(true);
  });

  it('plans with the model, not the simple rules, in auto mode', async () => {
    const plan = await budgetPlan(tstore, tws, { weeks: 4 });
    expect(plan.reason).toBeNull();
    expect(plan.mode).toBe('model');
    expect(plan.outcome).toBe('new_customers');
    expect(plan.expected_outcome).toBeGreaterThanOrEqual(plan.current_outcome - 1e-9);
    expect(plan.moves.every((m) => !/conversions/.test(m))).toBe(true);
    // Money moves only where the fit's draws support the gain (95% of them): none between the two channels it cannot
    // order, and the moves the point estimate alone asked for here are held back and named.
    const pair = new Set(['paid_search', 'paid_social']);
    expect(plan.move_details.filter((m) => pair.has(m.from) && pair.has(m.to))).toEqual([]);
    const held = plan.warning_messages.filter((m) => m.id === 'budget.msg.warn_move_unsupported');
    expect(held.length).toBeGreaterThan(0);
    for (const m of held) expect(Number(m.params.support_pct)).toBeLessThan(95);
  });
});
