import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { DemoOptions } from '../demo/types.js';
import { defaultChannelRules, type ChannelRule } from '../ingest/channel-rules.js';
import { loadPreparedWorld, type PreparedWorld } from '../ingest/load-world.js';
import type { Store, Workspace } from '../store/store.js';
import type { Readiness } from './readiness.js';
import { prepareDemoWorld } from './demo-worker.js';

/**
 * Generates the demo world and stores it in an empty workspace while the
 * server already answers: the world is made in a worker thread (so the event
 * loop is free), `readiness` carries the progress to `/health`, and the
 * console gets a line after each part of the events.
 */
export async function loadDemoWorld(store: Store, workspace: Workspace, demo: DemoOptions, readiness: Readiness, log: (msg: string) => void): Promise<void> {
  const started = Date.now();
  readiness.begin('generating');
  log('roilens: empty database, loading the demo world…');
  const rules = (await store.getChannelRules(workspace.id)) ?? defaultChannelRules;
  const dir = mkdtempSync(join(tmpdir(), 'roilens-demo-'));
  try {
    const prepared = await prepareOffThread(demo, workspace.id, rules, dir).catch((err: Error) => {
      log(`roilens: no worker thread for the demo world (${err.message.split('\n')[0]}); generating it here`);
      return prepareDemoWorld(demo, workspace.id, rules, dir);
    });
    const t = prepared.world.truth;
    const events = prepared.eventFiles.reduce((sum, f) => sum + f.events, 0);
    log(`roilens: demo world of ${t.days} days, ${t.start_date} – ${t.end_date} (end date ${t.end_date}, seed ${t.seed}, ${t.visitors.toLocaleString('en')} people), ${events.toLocaleString('en')} events generated in ${seconds(started)} s`);
    if (t.currency !== workspace.currency) await store.updateWorkspace(workspace.id, { currency: t.currency });
    const loaded = await loadPreparedWorld(store, workspace.id, prepared, (p) => {
      readiness.progress(p.done, p.total, p.step);
      if (p.step === 'events' && p.done > 0 && p.done < p.total) log(`roilens: loading the demo world… ${Math.floor((p.done / p.total) * 100)}% (${p.done.toLocaleString('en')} / ${p.total.toLocaleString('en')} records)`);
    });
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
  parentPort.postMessage({ ok: true, prepared: prepareDemoWorld(...workerData.args) });
})().catch((err) => parentPort.postMessage({ ok: false, message: String((err && err.stack) || err) }));`;

function prepareOffThread(demo: DemoOptions, workspaceId: string, rules: ChannelRule[], dir: string): Promise<PreparedWorld> {
  const fromSources = import.meta.url.endsWith('.ts');
  const module = new URL(`./demo-worker.${fromSources ? 'ts' : 'js'}`, import.meta.url).href;
  const tsx = fromSources ? pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href : undefined;
  return new Promise((resolve, reject) => {
    const worker = new Worker(bootstrap, { eval: true, workerData: { tsx, module, args: [demo, workspaceId, rules, dir] } });
    worker.once('message', (m: { ok: true; prepared: PreparedWorld } | { ok: false; message: string }) => {
      void worker.terminate();
      if (m.ok) resolve(m.prepared);
      else reject(new Error(m.message));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the demo worker exited with code ${code}`)));
  });
}
