/**
 * The demo world: a deterministic, seeded simulation of a shop's marketing
 * (spend, journeys, leads, orders) together with the causal truth behind it.
 *
 * Pipeline: options → spend plan → journeys → purchases (causal core) → events → partner programmes → records + truth.
 */
import { invalid } from '../shared/errors.js';
import { demoWindow, isCalendarDate } from './world/calendar.js';
import { planConversions } from './simulate/conversions.js';
import { emitEvents } from './simulate/emit-events.js';
import { planJourneys } from './simulate/journeys.js';
import { demoCurrencies, isDemoCurrency, type DemoCurrency } from './world/money-format.js';
import { buildRates } from './simulate/rates.js';
import { buildSpendPlan, type Scale } from './simulate/spend-plan.js';
import { buildSpendRecords } from './simulate/spend-records.js';
import { buildTruth } from './simulate/truth.js';
import { simulatePartners } from './partners/partner-world.js';
import type { DemoTruth } from '../records/demo-truth.js';
import type { DemoOptions, DemoWorld } from './world/types.js';

/**
 * Library defaults. `endDate` here is a fixed reference day so that code and
 * tests calling the generator without one stay reproducible; the user-facing
 * entry points (`roilens demo`, `roilens start`) default to yesterday
 * (`yesterdayUtc`) instead, so a fresh world ends where "the last 30 days" begin.
 */
export const demoDefaults = { seed: 42, days: 90, visitors: 100_000, endDate: '2026-11-20', currency: 'EUR' } as const;

interface ResolvedOptions {
  seed: number;
  days: number;
  visitors: number;
  endDate: string;
  currency: DemoCurrency;
}

/**
 * Simulates a shop deterministically: the same options give byte-identical output.
 * Defaults: seed 42, 90 days ending 2026-11-20 (see `demoDefaults`), 100,000 people (≈ 1M events), EUR.
 * Throws an invalid-input AppError naming the option when one is out of range.
 *
 * @example
 *   const world = generateDemoWorld({ seed: 7, days: 7, visitors: 1000 });
 *   world.truth.channels.find((c) => c.channel === 'paid_search')?.incremental_conversions;
 */
export function generateDemoWorld(options: DemoOptions = {}): DemoWorld {
  const o = resolveOptions(options);
  const window = demoWindow(o.endDate, o.days);
  const scale = worldScale(o);
  const rates = buildRates(o.seed, window, o.currency);
  const plan = buildSpendPlan(o.seed, window, scale);
  const journeys = planJourneys(o.seed, window, o.visitors, scale.size, plan);
  const conversions = planConversions(o.seed, window, scale, plan, journeys, rates, o.currency, o.visitors, journeys.secondDevices);
  const emitted = emitEvents(o.seed, window, plan, journeys, conversions);
  const { orders, causes, leads } = emitted;
  const partners = simulatePartners(o.seed, window, o.currency, emitted.events, orders);
  const events = partners.events;
  const spend = buildSpendRecords(o.seed, window, scale, plan, emitted.adVisits, o.currency);
  const truth = buildTruth({
    seed: o.seed,
    visitors: o.visitors,
    currency: o.currency,
    window,
    scale,
    plan,
    conversions,
    causes,
    counts: { orders: orders.length, leads: leads.length, events: events.length, sessions: emitted.sessions, anonymousIds: o.visitors + conversions.secondDevices + partners.newAnonymousIds },
  });
  truth.partners = partners.truth;
  return { events, spend, orders, leads, truth, rates: rates.records, partners: partners.world };
}

/**
 * The causal core of a world without its events: the daily truth (spend,
 * adstock, expected and realised first purchases by cause) and the channels'
 * response curves and incremental counts, exactly as `generateDemoWorld` gives
 * them for the same options (the same seeded steps, stopped before events are
 * emitted). For analyses of the truth itself, such as checking the budget
 * model on many worlds: a full-size world's truth takes seconds, the whole
 * world most of a minute.
 */
export function generateDemoTruth(options: DemoOptions = {}): Pick<DemoTruth, 'seed' | 'days' | 'visitors' | 'start_date' | 'end_date' | 'currency' | 'channels' | 'daily'> {
  const o = resolveOptions(options);
  const window = demoWindow(o.endDate, o.days);
  const scale = worldScale(o);
  const rates = buildRates(o.seed, window, o.currency);
  const plan = buildSpendPlan(o.seed, window, scale);
  const journeys = planJourneys(o.seed, window, o.visitors, scale.size, plan);
  const conversions = planConversions(o.seed, window, scale, plan, journeys, rates, o.currency, o.visitors, journeys.secondDevices);
  const truth = buildTruth({ seed: o.seed, visitors: o.visitors, currency: o.currency, window, scale, plan, conversions, causes: {}, counts: { orders: 0, leads: 0, events: 0, sessions: 0, anonymousIds: 0 } });
  const { seed, days, visitors, start_date, end_date, currency, channels, daily } = truth;
  return { seed, days, visitors, start_date, end_date, currency, channels, daily };
}

function worldScale(o: ResolvedOptions): Scale {
  return { size: o.visitors / o.days / (100_000 / 90), money: 1 / demoCurrencies[o.currency].eur, digits: demoCurrencies[o.currency].digits };
}

function resolveOptions(options: DemoOptions): ResolvedOptions {
  const seed = options.seed ?? demoDefaults.seed;
  const days = options.days ?? demoDefaults.days;
  const visitors = options.visitors ?? demoDefaults.visitors;
  const endDate = options.endDate ?? demoDefaults.endDate;
  const currency = (options.currency ?? demoDefaults.currency).toUpperCase();
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw invalid('seed', 'must be an integer from 0 to 4294967295');
  if (!Number.isInteger(days) || days < 1 || days > 730) throw invalid('days', 'must be an integer from 1 to 730');
  if (!Number.isInteger(visitors) || visitors < 1 || visitors > 5_000_000) throw invalid('visitors', 'must be an integer from 1 to 5000000');
  if (!isCalendarDate(endDate)) throw invalid('endDate', 'must be a date written YYYY-MM-DD');
  if (!isDemoCurrency(currency)) throw invalid('currency', `must be one of ${Object.keys(demoCurrencies).join(', ')}`);
  return { seed, days, visitors, endDate, currency };
}
