/**
 * The reports on a small simulated world (seed 1, 30 days, 3,000 visitors)
 * loaded into an in-memory DuckDB: the ground truth sits beside every paid
 * channel, every model hands out the same conversions, and the KPI report
 * under a model keeps its spend and totals.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoWorld } from '../../demo/generate.js';
import type { DemoWorld } from '../../demo/world/types.js';
import { loadWorld } from '../../demo/load-world.js';
import { openWorkspace } from '../../server/start.js';
import { DuckDbStore } from '../../store/duckdb/duckdb-store.js';
import { attributionCompare, attributionPaths, attributionReport, defaultComparedModels } from './attribution.js';
import { kpiReport } from '../kpi/kpi.js';

let store: DuckDbStore;
let ws: string;
let world: DemoWorld;
let range: { from: string; to: string };

beforeAll(async () => {
  world = generateDemoWorld({ seed: 1, days: 30, visitors: 3000 });
  store = await DuckDbStore.open(':memory:');
  const { workspace } = await openWorkspace(store, {});
  ws = workspace.id;
  if (world.truth.currency !== workspace.currency) await store.updateWorkspace(ws, { currency: world.truth.currency });
  await loadWorld(store, ws, world);
  range = { from: world.truth.start_date, to: world.truth.end_date };
}, 60_000);
afterAll(async () => store?.close());

describe('attribution on the demo world', () => {
  it('compare: truth for every paid channel, equal totals for every model, a closest model', async () => {
    const c = await attributionCompare(store, ws, range);
    expect(c.models).toEqual(defaultComparedModels);
    expect(c.truth_range).toEqual(range);
    const paid = world.truth.channels.filter((t) => t.response !== null);
    expect(paid.length).toBeGreaterThanOrEqual(5);
    for (const t of paid) {
      const row = c.rows.find((r) => r.channel === t.channel);
      expect(row?.truth, t.channel).toEqual({ conversions: t.incremental_conversions, revenue: Number(t.incremental_revenue) });
      // The spend column is the booked cost of the channel (the truth records the same cost).
      expect(row!.spend).toBeCloseTo(Number(t.spend), 2);
    }
    const facts = await store.kpiFacts(ws, { by: null, ...range, lookbackDays: 30 });
    expect(c.totals.conversions).toBe(facts.totals.conversions);
    for (const model of c.models) {
      const sum = c.rows.reduce((s, r) => s + r.models[model].conversions, 0);
      expect(sum, model).toBeCloseTo(c.totals.conversions, 6);
      const revenue = c.rows.reduce((s, r) => s + Math.round(r.models[model].revenue * 100), 0);
      expect(revenue, model).toBe(Math.round(c.totals.revenue * 100));
    }
    expect(c.closest_to_truth?.ranking.map((r) => r.model).sort()).toEqual([...c.models].sort());
    expect(c.closest_to_truth?.model).toBe(c.closest_to_truth?.ranking[0].model);
    const errors = c.closest_to_truth!.ranking.map((r) => r.share_error);
    expect(errors).toEqual([...errors].sort((a, b) => a - b));
    expect(errors.every((e) => e >= 0 && e <= 1)).toBe(true);
    expect(c.highlights[0]).toMatch(/came closest to the true split of incremental conversions among paid channels/);
    // Each worded highlight has its message id and parameters, in the same order.
    expect(c.highlight_items).toHaveLength(c.highlights.length);
    expect(c.highlight_items[0]).toEqual({ id: 'closest_to_truth', model: c.closest_to_truth!.model, share_error: c.closest_to_truth!.ranking[0].share_error });
    c.highlight_items.slice(1).forEach((item, i) => {
      if (item.id !== 'model_change') throw new Error(`unexpected ${item.id}`);
      const pct = Math.round(item.change * 100);
      expect(c.highlights[i + 1]).toBe(`${item.channel} ${pct >= 0 ? '+' : ''}${pct}% under ${item.model} vs ${item.baseline}`);
    });
  });

  it('part of the simulated window shows the true daily incremental conversions in it, and says revenue is pro-rated', async () => {
    const to = world.truth.daily[20].date;
    const c = await attributionCompare(store, ws, { from: range.from, to, models: 'last,linear' });
    for (const channel of world.truth.channels) {
      const expected = world.truth.daily.filter((d) => d.date <= to).reduce((sum, d) => sum + (d.incremental[channel.channel] ?? 0), 0);
      const row = c.rows.find((r) => r.channel === channel.channel);
      if (row) expect(row.truth?.conversions, channel.channel).toBe(expected);
    }
    expect(c.notes.join(' ')).toMatch(/pro-rated/);
  });

  it('a range outside the simulated window shows no truth and says why', async () => {
    const c = await attributionCompare(store, ws, { from: '2020-01-01', to: '2020-01-31', models: 'last,linear' });
    expect(c.rows.every((r) => r.truth === null)).toBe(true);
    expect(c.closest_to_truth).toBeNull();
    expect(c.notes.join(' ')).toMatch(/demo truth covers/);
  });

  it('the store report by campaign and by ad hands out the same total as by channel', async () => {
    for (const by of ['channel', 'campaign', 'ad']) {
      const r = await attributionReport(store, ws, { model: 'time-decay', by, ...range });
      expect(r.rows.reduce((s, x) => s + Number(x.conversions), 0), by).toBeCloseTo(r.totals.conversions, 6);
      const spend = r.rows.reduce((s, x) => s + Math.round(Number(x.spend) * 100), 0);
      expect(spend, by).toBe(Math.round(r.totals.spend * 100));
    }
  });

  it('KPIs under markov: conversions move between channels, spend and totals stay', async () => {
    const base = await kpiReport(store, ws, { by: 'channel', ...range, compare: 'none' });
    const markov = await kpiReport(store, ws, { by: 'channel', ...range, compare: 'none', model: 'markov' });
    expect(markov.totals).toEqual(base.totals);
    const spend = (r: typeof base) => Object.fromEntries(r.rows.map((x) => [x.channel, x.spend]));
    expect(spend(markov)).toEqual(spend(base));
    const conv = (r: typeof base, c: string) => Number(r.rows.find((x) => x.channel === c)?.conversions ?? 0);
    expect(world.truth.channels.some((t) => Math.abs(conv(markov, t.channel) - conv(base, t.channel)) > 0.5)).toBe(true);
    expect(markov.rows.reduce((s, x) => s + Number(x.conversions), 0)).toBeCloseTo(Number(base.totals.conversions), 4);
  });

  it('paths: converting journeys = conversions, the flow ends in conversion and no conversion', async () => {
    const p = await attributionPaths(store, ws, range);
    const facts = await store.kpiFacts(ws, { by: null, ...range, lookbackDays: 30 });
    expect(p.journeys.converting).toBe(facts.totals.conversions);
    expect(p.path_lengths.reduce((s, b) => s + b.conversions, 0)).toBe(facts.totals.conversions);
    expect(p.days_to_conversion.reduce((s, b) => s + b.conversions, 0)).toBe(facts.totals.conversions);
    const into = (target: string) => p.sankey.links.filter((l) => l.target === target).reduce((s, l) => s + l.value, 0);
    expect(into('conversion')).toBe(facts.totals.conversions);
    expect(into('no conversion')).toBe(p.journeys.non_converting);
    expect(p.top_paths.length).toBe(20);
  });
});
