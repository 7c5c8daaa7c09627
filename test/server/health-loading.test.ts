/**
 * `/health` while the demo world loads (issue 11 #15, design.md "Health"):
 * the port answers as soon as startServer returns; `/health` says 503
 * `{"status":"loading","progress":{"done","total"}}` with `done` never going
 * back and `total` equal to the world's records (events + rates + spend +
 * orders + leads, counted here from the generator independently); report
 * routes answer 503 `unavailable` with Retry-After instead of half a world;
 * events sent during the load are accepted and kept; then 200.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateDemoWorld } from '../../src/demo/generate.js';
import { startServer, type RunningServer } from '../../src/server/start.js';
import { tempDir } from '../helpers/temp.js';

const demo = { seed: 4, days: 20, visitors: 8_000, endDate: '2025-06-30' };
const tmp = tempDir('roilens-health-');
let server: RunningServer | undefined;
afterAll(async () => {
  await server?.close();
  tmp.cleanup();
});

describe('GET /health during the demo load', () => {
  it('answers 503 loading with progress while the world loads, then 200', async () => {
    const world = generateDemoWorld(demo);
    const records = world.events.length + world.rates.length + world.spend.length + world.orders.length + world.leads.length;

    server = await startServer({ dbPath: join(tmp.dir, 'h.duckdb'), port: 0, demo, waitForDemo: false, quiet: true, adminToken: 'adm' });
    const first = await fetch(`${server.url}/health`);
    expect(first.status).toBe(503);
    const firstBody = await first.json();
    expect(firstBody).toMatchObject({ status: 'loading', progress: { done: expect.any(Number), total: expect.any(Number) } });

    // A report during the load: 503 unavailable with Retry-After, not figures from part of the world.
    const kpis = await fetch(`${server.url}/v1/kpis?by=channel&from=2025-06-11&to=2025-06-30`, { headers: { authorization: 'Bearer adm' } });
    expect(kpis.status).toBe(503);
    expect(kpis.headers.get('retry-after')).toBe('2');
    expect((await kpis.json()).error).toBe('unavailable');

    // Tracking still works: the event waits in the spool and is stored.
    const sent = await fetch(`${server.url}/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.writeKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ events: [{ id: 'during-load-1', type: 'page_view', ts: '2025-06-30T10:00:00.000Z', anonymous_id: 'visitor-during-load', url: 'https://shop.example/' }] }),
    });
    expect(sent.status).toBe(200);
    expect((await sent.json()).accepted).toBe(1);

    const seen: { done: number; total: number }[] = [firstBody.progress];
    for (;;) {
      const res = await fetch(`${server.url}/health`);
      const body = await res.json();
      if (res.status === 200) {
        expect(body.status).toBe('ok');
        break;
      }
      expect(res.status).toBe(503);
      expect(body.status).toBe('loading');
      seen.push(body.progress);
      await new Promise((r) => setTimeout(r, 50));
    }
    await server.ready;
    for (let i = 1; i < seen.length; i++) expect(seen[i].done).toBeGreaterThanOrEqual(seen[i - 1].done);
    for (const p of seen) {
      if (p.total > 0) expect(p.total).toBe(records);
      expect(p.done).toBeLessThanOrEqual(p.total);
    }
    expect(seen.some((p) => p.total === records)).toBe(true);

    const after = await fetch(`${server.url}/v1/kpis?by=channel&from=2025-06-11&to=2025-06-30`, { headers: { authorization: 'Bearer adm' } });
    expect(after.status).toBe(200);
    // The spool writes it within its flush interval after the load.
    let ids: string[] = [];
    for (let i = 0; i < 50 && ids.length === 0; i++) {
      const listed = await (await fetch(`${server.url}/v1/events?anonymous_id=visitor-during-load`, { headers: { authorization: 'Bearer adm' } })).json();
      ids = listed.events.map((e: { id: string }) => e.id);
      if (ids.length === 0) await new Promise((r) => setTimeout(r, 100));
    }
    expect(ids).toEqual(['during-load-1']);
  }, 180_000);
});
