import type { DemoWorld } from '../demo/types.js';
import type { Store } from '../store/store.js';
import { defaultChannelRules } from './channel-rules.js';
import { enrichEvent } from './enrich.js';

export const demoTruthSetting = 'demo_truth';

/**
 * Loads a simulated world into a workspace: events (through the same
 * enrichment as live ingestion), spend, orders, leads, rates, and the ground
 * truth (kept as a setting so reports can show it beside the models).
 */
export async function loadWorld(store: Store, workspaceId: string, world: DemoWorld, onProgress?: (msg: string) => void): Promise<{ events: number }> {
  const rules = (await store.getChannelRules(workspaceId)) ?? defaultChannelRules;
  // One insert of every event: stores load one large batch faster than many small ones.
  const inserted = await store.insertEvents(workspaceId, world.events.map((e) => enrichEvent(e, rules)));
  onProgress?.(`events ${world.events.length}/${world.events.length}`);
  await store.upsertRates(workspaceId, world.rates);
  await store.replaceSpend(workspaceId, world.spend);
  await store.upsertOrders(workspaceId, world.orders);
  await store.upsertLeads(workspaceId, world.leads);
  const { causes: _causes, daily, ...truth } = world.truth;
  // Daily incremental counts let reports compare models with the truth on part of the window.
  const dailyIncremental = daily.map((d) => ({ date: d.date, incremental: d.incremental }));
  await store.setSetting(`${demoTruthSetting}:${workspaceId}`, JSON.stringify({ ...truth, daily: dailyIncremental }));
  return { events: inserted };
}
