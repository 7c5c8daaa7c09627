import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp.js';
import { freePort } from '../helpers/free-port.js';

const bin = new URL('../../bin/roilens', import.meta.url).pathname;

async function startProcess(db: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [bin, 'start', '--db', db, '--port', String(port), '--no-demo'], {
    env: { ...process.env, ROILENS_FROM_SOURCE: '1', ROILENS_ADMIN_TOKEN: 'adm', ROILENS_WRITE_KEY: 'wk' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health`)).ok) return child;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error('server did not start');
}

describe('durability: an acknowledged event survives SIGKILL', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());

  it('every acknowledged event is stored exactly once after a crash and restart', async () => {
    const db = `${tmp.dir}/crash.duckdb`;
    const port = await freePort();
    let child = await startProcess(db, port);
    const acked = new Set<string>();
    const ts = new Date(Date.now() - 60_000).toISOString();
    // Fire batches concurrently and kill the server right after an acknowledgement arrives.
    const sends = Array.from({ length: 40 }, (_, b) =>
      fetch(`http://127.0.0.1:${port}/v1/events`, {
        method: 'POST',
        headers: { authorization: 'Bearer wk', 'content-type': 'application/json' },
        body: JSON.stringify({ events: Array.from({ length: 100 }, (_, i) => ({ id: `b${b}-e${i}`, type: 'custom', name: 'tick', ts, anonymous_id: `crash-visitor` })) }),
      })
        .then(async (res) => {
          if (res.ok) for (let i = 0; i < 100; i++) acked.add(`b${b}-e${i}`);
          if (acked.size >= 500 && child.exitCode === null) child.kill('SIGKILL');
        })
        .catch(() => undefined),
    );
    await Promise.all(sends);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    if (child.exitCode === null && child.signalCode === null) await new Promise((r) => child.once('exit', r));
    expect(acked.size).toBeGreaterThanOrEqual(500);

    child = await startProcess(db, port);
    try {
      // Re-send a batch that was already acknowledged: still stored once.
      await fetch(`http://127.0.0.1:${port}/v1/events`, {
        method: 'POST', headers: { authorization: 'Bearer wk', 'content-type': 'application/json' },
        body: JSON.stringify({ events: [{ id: 'b0-e0', type: 'custom', name: 'tick', ts, anonymous_id: 'crash-visitor' }] }),
      });
      const res = await fetch(`http://127.0.0.1:${port}/v1/events?anonymous_id=crash-visitor&limit=10000`, { headers: { authorization: 'Bearer adm' } });
      const body = (await res.json()) as { events: { id: string }[]; next_cursor: string | null };
      // One page of up to 10,000 holds every stored event (4,000 at most): no further page.
      expect(body.next_cursor).toBeNull();
      const ids: string[] = body.events.map((e) => e.id);
      const unique = new Set(ids);
      expect(unique.size).toBe(ids.length);
      for (const id of acked) expect(unique.has(id)).toBe(true);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
