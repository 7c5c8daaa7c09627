import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { DemoOptions } from '../demo/world/types.js';
import { defaultChannelRules } from '../tracking/channel-rules.js';
import { type ChannelRule } from '../records/channel-rule.js';
import { loadPreparedWorld, type PreparedWorld, type StreamedWorld } from '../demo/load-world.js';
import type { Store } from '../store/store.js';
import type { Workspace } from '../records/workspace.js';
import type { Readiness } from './readiness.js';
import { prepareDemoWorld, type WorldPart } from './demo-worker.js';
import { internalError } from '../shared/errors.js';

/**
 * Generates the demo world and stores it in an empty workspace while the
 * server already answers: the world is made in a worker thread (so the event
 * loop is free), `readiness` carries the progress to `/health`, and the
 * console gets a line after each part of the events. Then `buildSummaries`
 * (which must not throw) runs under the step `summaries` before the server
 * says ready, so the first report calls find their summaries built.
 */
export async function loadDemoWorld(
  store: Store, workspace: Workspace, demo: DemoOptions, readiness: Readiness, log: (msg: string) => void, buildSummaries: () => Promise<void> = async () => undefined,
): Promise<void> {
  const started = Date.now();
  readiness.begin('generating');
  log('roilens: empty database, loading the demo world…');
  const rules = (await store.getChannelRules(workspace.id)) ?? defaultChannelRules;
  const dir = mkdtempSync(join(tmpdir(), 'roilens-demo-'));
  try {
    const prepared: PreparedWorld | StreamedWorld = await prepareOffThread(demo, workspace.id, rules, dir).catch((err: Error) => {
      log(`roilens: no worker thread for the demo world (${err.message.split('\n')[0]}); generating it here`);
      return prepareDemoWorld(demo, workspace.id, rules, dir);
    });
    const t = prepared.world.truth;
    const events = 'events' in prepared ? prepared.events : prepared.eventFiles.reduce((sum, f) => sum + f.events, 0);
    log(`roilens: demo world of ${t.days} days, ${t.start_date} – ${t.end_date} (end date ${t.end_date}, seed ${t.seed}, ${t.visitors.toLocaleString('en')} people), ${events.toLocaleString('en')} events generated in ${seconds(started)} s`);
    if (t.currency !== workspace.currency) await store.updateWorkspace(workspace.id, { currency: t.currency });
    const loaded = await loadPreparedWorld(store, workspace.id, prepared, (p) => {
      readiness.progress(p.done, p.total, p.step);
      if (p.step === 'events' && p.done > 0 && p.done < p.total) log(`roilens: loading the demo world… ${Math.floor((p.done / p.total) * 100)}% (${p.done.toLocaleString('en')} / ${p.total.toLocaleString('en')} records)`);
    });
    // The summaries the first reports would build (KPI and attribution rollups, partner ledger, CLV fit), while `/health` still says loading.
    readiness.step('summaries');
    log(`roilens: demo world stored (${loaded.events.toLocaleString('en')} events) in ${seconds(started)} s; building its summaries…`);
    await buildSummaries();
    readiness.ready();
    log(`roilens: demo world loaded (${loaded.events.toLocaleString('en')} events) in ${seconds(started)} s`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const seconds = (since: number) => ((Date.now() - since) / 1000).toFixed(1);

// The worker runs this bootstrap; it loads demo-worker through tsx when the server runs from its TypeScript sources.
const bootstrap = `
const { parentPort, workerData } = require('node:worker_threads');
(async () => {
  if (workerData.tsx) (await import(workerData.tsx)).register();
  const { prepareDemoWorld } = await import(workerData.module);
  prepareDemoWorld(...workerData.args, (part) => parentPort.postMessage({ ok: true, part }));
  parentPort.postMessage({ ok: true, done: true });
})().catch((err) => parentPort.postMessage({ ok: false, message: String((err && err.stack) || err) }));`;

type WorkerMessage = { ok: true; part: WorldPart } | { ok: true; done: true } | { ok: false; message: string };

/**
 * Makes the world in a worker thread. Settles as soon as the world without
 * its events is made (its records can be stored meanwhile); the event files
 * then arrive one by one through `eventFiles` as the worker writes them.
 */
function prepareOffThread(demo: DemoOptions, workspaceId: string, rules: ChannelRule[], dir: string): Promise<StreamedWorld> {
  const fromSources = import.meta.url.endsWith('.ts');
  const module = new URL(`./demo-worker.${fromSources ? 'ts' : 'js'}`, import.meta.url).href;
  const tsx = fromSources ? pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href : undefined;
  return new Promise((resolve, reject) => {
    const files = new FileStream();
    let started = false;
    const fail = (err: Error) => (started ? files.fail(err) : reject(err));
    const worker = new Worker(bootstrap, { eval: true, workerData: { tsx, module, args: [demo, workspaceId, rules, dir] } });
    worker.on('message', (m: WorkerMessage) => {
      if (!m.ok) {
        void worker.terminate();
        fail(internalError(m.message));
      } else if ('done' in m) {
        void worker.terminate();
        files.end();
      } else if (m.part.kind === 'world') {
        started = true;
        resolve({ world: m.part.world, events: m.part.events, eventFiles: files });
      } else files.push(m.part.file);
    });
    worker.once('error', fail);
    worker.once('exit', (code) => fail(internalError(`the demo worker exited with code ${code}`)));
  });
}

type EventFile = PreparedWorld['eventFiles'][number];

/** The event files the worker announces, as an async stream (read once). */
class FileStream implements AsyncIterable<EventFile> {
  private readonly files: EventFile[] = [];
  private ended = false;
  private error: Error | undefined;
  private wake: (() => void) | undefined;

  push(file: EventFile): void {
    if (this.ended) return;
    this.files.push(file);
    this.wake?.();
  }

  end(): void {
    this.ended = true;
    this.wake?.();
  }

  fail(err: Error): void {
    if (this.ended) return;
    this.error = err;
    this.ended = true;
    this.wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<EventFile> {
    for (;;) {
      const file = this.files.shift();
      if (file) yield file;
      else if (this.error) throw this.error;
      else if (this.ended) return;
      else await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }
}
