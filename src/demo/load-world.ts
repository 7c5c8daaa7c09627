import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { demoTruthSetting } from '../records/demo-truth.js';
import type { DemoWorld } from './world/types.js';
import type { Store } from '../store/store.js';
import { defaultChannelRules } from '../tracking/channel-rules.js';
import { type ChannelRule } from '../records/channel-rule.js';
import { enrichEvent } from '../ingest/enrich.js';
import { AppError } from '../shared/errors.js';
import { importRefunds, type RefundsImportOutcome } from '../reports/partners/money/refunds-import.js';

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
 * Loads a simulated world into a workspace: spend, orders, leads, rates and
 * the ground truth (kept as a setting so reports can show it beside the
 * models), then the events (through the same enrichment as live ingestion).
 * `onProgress` hears after each part is stored.
 */
export async function loadWorld(store: Store, workspaceId: string, world: DemoWorld, onProgress?: (progress: LoadProgress) => void): Promise<{ events: number }> {
  const rules = (await store.getChannelRules(workspaceId)) ?? defaultChannelRules;
  const total = world.events.length + recordCount(world);
  let inserted = 0;
  onProgress?.({ done: 0, total, step: 'rates' });
  let done = await loadRecords(store, workspaceId, world, 0, total, onProgress);
  for (let i = 0; i < world.events.length; i += eventsPerInsert) {
    const part = world.events.slice(i, i + eventsPerInsert);
    inserted += await store.insertEvents(workspaceId, part.map((e) => enrichEvent(e, rules)));
    done += part.length;
    onProgress?.({ done, total, step: 'events' });
  }
  await applyRefunds(store, workspaceId, world.partners.refunds);
  return { events: inserted };
}

/**
 * Loads a world prepared off the main thread (the server generates the demo
 * world in a worker, which enriches and writes its events to files), so the
 * event loop never holds a million events. Same result as `loadWorld`.
 *
 * The records go in first, while the worker is still writing event files
 * (`eventFiles` may be an async stream of them, `events` their total), so
 * the two overlap; then each file as it comes, every file that is waiting in
 * one insert.
 */
export async function loadPreparedWorld(store: Store, workspaceId: string, prepared: PreparedWorld | StreamedWorld, onProgress?: (progress: LoadProgress) => void): Promise<{ events: number }> {
  const events = 'events' in prepared ? prepared.events : prepared.eventFiles.reduce((sum, f) => sum + f.events, 0);
  const total = events + recordCount(prepared.world);
  let inserted = 0;
  onProgress?.({ done: 0, total, step: 'rates' });
  let done = await loadRecords(store, workspaceId, prepared.world, 0, total, onProgress);
  for await (const files of waitingTogether(prepared.eventFiles)) {
    inserted += await store.insertEventFiles(files.map((f) => f.path));
    done += files.reduce((sum, f) => sum + f.events, 0);
    onProgress?.({ done, total, step: 'events' });
  }
  await applyRefunds(store, workspaceId, prepared.world.partners.refunds);
  return { events: inserted };
}

/**
 * Applies the world's refunds once its events and orders are stored, the way `roilens import refunds`
 * does (`importRefunds`: the ledger is synced, then each refund reverses its order's commissions in
 * proportion, a paid one clawed back), so the demo's ledger holds reversals. A refund of an order no
 * programme paid on changes nothing; one the import refuses changes nothing either, as a refused CSV
 * line: the answer lists them.
 */
async function applyRefunds(store: Store, workspaceId: string, refunds: DemoWorld['partners']['refunds'], now = new Date()): Promise<RefundsImportOutcome | undefined> {
  if (refunds.length === 0) return undefined;
  const rows = refunds.map((r, i) => ({ refund_id: r.refund_id, order_id: r.order_id, amount: r.amount, currency: r.currency, at: r.at, line: i + 2 }));
  return importRefunds(store, workspaceId, { rows, errors: [] }, false, now);
}

/** A world whose event files arrive while the records load (the demo worker sends each as it is written). */
export interface StreamedWorld {
  world: Omit<DemoWorld, 'events'>;
  /** Events in all the files. */
  events: number;
  eventFiles: AsyncIterable<EventFile>;
}

type EventFile = PreparedWorld['eventFiles'][number];

/** The files of a list or a stream, grouped: each group is every file that arrived while the previous one loaded. */
async function* waitingTogether(files: Iterable<EventFile> | AsyncIterable<EventFile>): AsyncGenerator<EventFile[]> {
  if (Symbol.iterator in files) {
    for (const file of files) yield [file];
    return;
  }
  const queue: EventFile[] = [];
  let finished = false;
  let failed: { err: unknown } | undefined;
  let wake: (() => void) | undefined;
  void (async () => {
    try {
      for await (const file of files) {
        queue.push(file);
        wake?.();
      }
    } catch (err) {
      failed = { err };
    } finally {
      finished = true;
      wake?.();
    }
  })();
  for (;;) {
    if (queue.length === 0 && !finished) await new Promise<void>((resolve) => (wake = resolve));
    wake = undefined;
    if (failed) throw failed.err;
    if (queue.length > 0) yield queue.splice(0);
    else if (finished) return;
  }
}

/**
 * Enriches a world's events with `rules` and writes them as spool-format
 * files (`{"w": workspace, "e": [event…]}` per line, `eventsPerInsert` events
 * per file) under `dir`. Runs in the demo worker; `onFile` hears of each file
 * once it is complete.
 */
export function writeWorldEventFiles(world: DemoWorld, workspaceId: string, rules: ChannelRule[], dir: string, onFile?: (file: EventFile) => void): PreparedWorld['eventFiles'] {
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
    onFile?.({ path, events: part.length });
  }
  return files;
}

function recordCount(world: Omit<DemoWorld, 'events'>): number {
  return world.rates.length + world.spend.length + world.orders.length + world.leads.length;
}

/**
 * Stores the world's partner programmes, partners and their tracking links (issue 16). A slug
 * another workspace of the installation already holds stays with it (slugs are unique per
 * installation); the partner keeps the slug in its list. Refunds are applied after the events (`applyRefunds`).
 */
async function loadPartners(store: Store, workspaceId: string, partners: DemoWorld['partners']): Promise<void> {
  for (const program of partners.programs) await store.putProgram({ ...program, workspace_id: workspaceId });
  for (const partner of partners.partners) {
    const stored = await store.createPartner({ ...partner, workspace_id: workspaceId });
    if ('conflict' in stored) throw new AppError('conflict', `demo partner ${partner.id}: ${stored.conflict} ${stored.value} is taken`);
  }
  for (const link of partners.links) await store.createLink(workspaceId, link);
}

/** Stores the world's rates, spend, orders, leads, partners and truth; answers `done` after them. */
async function loadRecords(store: Store, workspaceId: string, world: Omit<DemoWorld, 'events'>, before: number, total: number, onProgress?: (progress: LoadProgress) => void): Promise<number> {
  let done = before;
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
  await loadPartners(store, workspaceId, world.partners);
  stored(world.leads.length, 'truth');
  const { causes: _causes, daily, ...truth } = world.truth;
  // Daily incremental counts let reports compare models with the truth on part of the window.
  const dailyIncremental = daily.map((d) => ({ date: d.date, incremental: d.incremental }));
  await store.setSetting(`${demoTruthSetting}:${workspaceId}`, JSON.stringify({ ...truth, daily: dailyIncremental }));
  stored(0, 'events');
  return done;
}
