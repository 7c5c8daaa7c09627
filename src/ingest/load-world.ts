import type { DemoWorld } from '../demo/types.js';
import type { Store } from '../store/store.js';
import { defaultChannelRules } from './channel-rules.js';
import { enrichEvent } from './enrich.js';

export const demoTruthSetting = 'demo_truth';

/** Records of a world stored so far: `done` of `total` (events, rates, spend, orders and leads), and the current step. */
export interface LoadProgress {
  done: number;
  total: number;
  step: 'events' | 'rates' | 'spend' | 'orders' | 'leads' | 'truth';
}

/**
 * Events per insert. Large batches load fastest (one statement for a million
 * events beat ten of 100,000 by a third); five parts cost no measurable time
 * and let `/health` and the terminal show the load moving.
 */
const eventsPerInsert = 200_000;

/**
 * Loads a simulated world into a workspace: events (through the same
 * enrichment as live ingestion), spend, orders, leads, rates, and the ground
 * truth (kept as a setting so reports can show it beside the models).
 * `onProgress` hears after each part is stored.
 */
export async function loadWorld(store: Store, workspaceId: string, world: DemoWorld, onProgress?: (progress: LoadProgress) => void): Promise<{ events: number }> {
  const rules = (await store.getChannelRules(workspaceId)) ?? defaultChannelRules;
  const total = world.events.length + world.rates.length + world.spend.length + world.orders.length + world.leads.length;
  let done = 0;
  const stored = (count: number, step: LoadProgress['step']) => {
    done += count;
    onProgress?.({ done, total, step });
  };
  onProgress?.({ done, total, step: 'events' });
  let inserted = 0;
  for (let i = 0; i < world.events.length; i += eventsPerInsert) {
    const part = world.events.slice(i, i + eventsPerInsert);
    inserted += await store.insertEvents(workspaceId, part.map((e) => enrichEvent(e, rules)));
    stored(part.length, i + eventsPerInsert < world.events.length ? 'events' : 'rates');
  }
  await store.upsertRates(workspaceId, world.rates);
  stored(world.rates.length, 'spend');
  await store.replaceSpend(workspaceId, world.spend);
  stored(world.spend.length, 'orders');
  await store.upsertOrders(workspaceId, world.orders);
  stored(world.orders.length, 'leads');
  await store.upsertLeads(workspaceId, world.leads);
  stored(world.leads.length, 'truth');
  const { causes: _causes, daily, ...truth } = world.truth;
  // Daily incremental counts let reports compare models with the truth on part of the window.
  const dailyIncremental = daily.map((d) => ({ date: d.date, incremental: d.incremental }));
  await store.setSetting(`${demoTruthSetting}:${workspaceId}`, JSON.stringify({ ...truth, daily: dailyIncremental }));
  return { events: inserted };
}
