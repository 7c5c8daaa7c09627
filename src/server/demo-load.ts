import { generateDemoWorld } from '../demo/generate.js';
import type { DemoOptions } from '../demo/types.js';
import { loadWorld } from '../ingest/load-world.js';
import type { Store, Workspace } from '../store/store.js';
import type { Readiness } from './readiness.js';

/**
 * Generates the demo world and stores it in an empty workspace while the
 * server already answers: `readiness` carries the progress to `/health`, and
 * the console gets a line about every two seconds and at the end.
 */
export async function loadDemoWorld(store: Store, workspace: Workspace, demo: DemoOptions, readiness: Readiness, log: (msg: string) => void): Promise<void> {
  const started = Date.now();
  readiness.begin('generating');
  log('roilens: empty database, loading the demo world…');
  // Let the listener answer its first requests before the generator's CPU-bound seconds.
  await new Promise((resolve) => setImmediate(resolve));
  const world = generateDemoWorld(demo);
  const t = world.truth;
  log(`roilens: demo world of ${t.days} days, ${t.start_date} – ${t.end_date} (end date ${t.end_date}, seed ${t.seed}, ${t.visitors.toLocaleString('en')} people), ${world.events.length.toLocaleString('en')} events generated in ${seconds(started)} s`);
  if (t.currency !== workspace.currency) await store.updateWorkspace(workspace.id, { currency: t.currency });
  let lastLog = Date.now();
  const { events } = await loadWorld(store, workspace.id, world, (p) => {
    readiness.progress(p.done, p.total, p.step);
    if (Date.now() - lastLog >= 2000 && p.done < p.total) {
      lastLog = Date.now();
      log(`roilens: loading the demo world… ${Math.floor((p.done / p.total) * 100)}% (${p.done.toLocaleString('en')} / ${p.total.toLocaleString('en')} records)`);
    }
  });
  readiness.ready();
  log(`roilens: demo world loaded (${events.toLocaleString('en')} events) in ${seconds(started)} s`);
}

const seconds = (since: number) => ((Date.now() - since) / 1000).toFixed(1);
