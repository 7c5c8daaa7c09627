import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { DemoWorld } from '../demo/types.js';
import type { Store } from '../store/store.js';
import { defaultChannelRules, type ChannelRule } from './channel-rules.js';
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
export const eventsPerInsert = 200_000;

/** A world whose events are already enriched and written as spool-format files (see `writeWorldEventFiles`). */
export interface PreparedWorld {
  world: Omit<DemoWorld, 'events'>;
  eventFiles: { path: string; events: number }[];
}

/**
 * Loads a simulated world into a workspace: events (through the same
 * enrichment as live ingestion), spend, orders, leads, rates, and the ground
 * truth (kept as a setting so reports can show it beside the models).
 * `onProgress` hears after each part is stored.
 */
export async function loadWorld(store: Store, workspaceId: string, world: DemoWorld, onProgress?: (progress: LoadProgress) => void): Promise<{ events: number }> {
  const rules = (await store.getChannelRules(workspaceId)) ?? defaultChannelRules;
  const total = world.events.length + recordCount(world);
  let inserted = 0;
  onProgress?.({ done: 0, total, step: 'events' });
  for (let i = 0; i < world.events.length; i += eventsPerInsert) {
    const part = world.events.slice(i, i + eventsPerInsert);
    inserted += await store.insertEvents(workspaceId, part.map((e) => enrichEvent(e, rules)));
    onProgress?.({ done: Math.min(i + eventsPerInsert, world.events.length), total, step: 'events' });
  }
  await loadRecords(store, workspaceId, world, world.events.length, total, onProgress);
  return { events: inserted };
}

/**
 * Loads a world prepared off the main thread (the server generates the demo
 * world in a worker, which enriches and writes its events to files), so the
 * event loop never holds a million events. Same result as `loadWorld`.
 */
export async function loadPreparedWorld(store: Store, workspaceId: string, prepared: PreparedWorld, onProgress?: (progress: LoadProgress) => void): Promise<{ events: number }> {
  const events = prepared.eventFiles.reduce((sum, f) => sum + f.events, 0);
  const total = events + recordCount(prepared.world);
  let inserted = 0;
  let done = 0;
  onProgress?.({ done, total, step: 'events' });
  for (const file of prepared.eventFiles) {
    inserted += await store.insertEventFiles([file.path]);
    done += file.events;
    onProgress?.({ done, total, step: 'events' });
  }
  await loadRecords(store, workspaceId, prepared.world, done, total, onProgress);
  return { events: inserted };
}

/**
 * Enriches a world's events with `rules` and writes them as spool-format
 * files (`{"w": workspace, "e": [event…]}` per line, `eventsPerInsert` events
 * per file) under `dir`. Runs in the demo worker.
 */
export function writeWorldEventFiles(world: DemoWorld, workspaceId: string, rules: ChannelRule[], dir: string): PreparedWorld['eventFiles'] {
  const files: PreparedWorld['eventFiles'] = [];
  for (let i = 0; i < world.events.length; i += eventsPerInsert) {
    const part = world.events.slice(i, i + eventsPerInsert);
    const path = join(dir, `events-${files.length}.jsonl`);
    const fd = openSync(path, 'w');
    try {
      for (let j = 0; j < part.length; j += 2_000) {
        writeSync(fd, `${JSON.stringify({ w: workspaceId, e: part.slice(j, j + 2_000).map((e) => enrichEvent(e, rules)) })}\n`);
      }
    } finally {
      closeSync(fd);
    }
    files.push({ path, events: part.length });
  }
  return files;
}

function recordCount(world: Omit<DemoWorld, 'events'>): number {
  return world.rates.length + world.spend.length + world.orders.length + world.leads.length;
}

async function loadRecords(store: Store, workspaceId: string, world: Omit<DemoWorld, 'events'>, eventsDone: number, total: number, onProgress?: (progress: LoadProgress) => void): Promise<void> {
  let done = eventsDone;
  const stored = (count: number, next: LoadProgress['step']) => {
    done += count;
    onProgress?.({ done, total, step: next });
  };
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
}
