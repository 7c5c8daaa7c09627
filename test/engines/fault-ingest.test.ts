import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultWriterSettings } from '../../src/config/queue-config.js';
import { QueueWriter } from '../../src/queue/queue-writer.js';
import { DuckDbStore } from '../../src/store/duckdb/duckdb-store.js';
import { tempDir } from '../helpers/temp.js';
import { createQueue, deleteQueue, queueState, storedIds, TsProcess, uniqueQueueConfig, waitQueueStored, waitUntil } from './queue-fixtures.js';
import { freePort } from '../helpers/free-port.js';

const clients = 6;
const batchesPerClient = 40;
const batchSize = 100;
/** A client gives up on a batch after this many refused or broken attempts (the test then fails). */
const maxAttempts = 400;

describe('fault: kill -9 an ingest node (HTTP → JetStream) under load', () => {
  const tmp = tempDir();
  const config = uniqueQueueConfig();
  beforeAll(() => createQueue(config));
  afterAll(async () => {
    await deleteQueue(config);
    tmp.cleanup();
  });

  it('every event answered 200 is stored exactly once; batches re-sent after the crash are deduplicated', async () => {
    const port = await freePort();
    const startNode = () => TsProcess.start('src/app/ingest-node-main.ts', [
      '--db', `${tmp.dir}/meta.duckdb`, '--port', String(port), '--nats', config.servers.join(','),
      '--stream', config.stream, '--subject', config.subjectPrefix, '--consumer', config.durable,
    ], { ROILENS_WRITE_KEY: 'wk', ROILENS_ADMIN_TOKEN: 'adm' });

    const eventsDb = `${tmp.dir}/events.duckdb`;
    const store = await DuckDbStore.open(eventsDb);
    const writer = await QueueWriter.connect(config, store, { ...defaultWriterSettings, batchMessages: 500 });
    writer.start();

    let node = startNode();
    const { url } = (await node.ready()) as { url: string };
    const ts = new Date(Date.now() - 60_000).toISOString();
    const acked: string[] = [];
    let ackedBatches = 0;
    let resent = 0;
    let failedAttempts = 0;

    /** A client that sends its batches one after another, re-sending a batch until it is answered 200 (as the SDK does). */
    const client = async (c: number) => {
      for (let b = 0; b < batchesPerClient; b++) {
        const ids = Array.from({ length: batchSize }, (_, i) => `c${c}-b${b}-e${i}`);
        const body = JSON.stringify({ events: ids.map((id) => ({ id, type: 'page_view', ts, anonymous_id: `visitor-${c}`, url: 'https://shop.example/?utm_source=google&utm_medium=cpc' })) });
        for (let attempt = 1; ; attempt++) {
          if (attempt > maxAttempts) throw new Error(`batch c${c}-b${b} was never accepted`);
          if (attempt === 2) resent += 1;
          const status = await fetch(`${url}/v1/events`, { method: 'POST', headers: { authorization: 'Bearer wk', 'content-type': 'application/json' }, body })
            .then(async (res) => {
              await res.arrayBuffer();
              return res.status;
            })
            .catch(() => 0);
          if (status === 200) {
            acked.push(...ids);
            ackedBatches += 1;
            break;
          }
          failedAttempts += 1;
          await new Promise((r) => setTimeout(r, 25));
        }
      }
    };

    const load = Promise.all(Array.from({ length: clients }, (_, c) => client(c)));
    let ackedAtKill = 0;
    let duplicates = -1;
    try {
      await waitUntil('60 acknowledged batches', () => ackedBatches >= 60);
      await node.kill9();
      ackedAtKill = ackedBatches;
      node = startNode();
      await node.ready();
      await load;
      // Lost answers: a client re-sends 10 batches that were acknowledged; JetStream already has them.
      for (let b = 0; b < 10; b++) {
        const events = Array.from({ length: batchSize }, (_, i) => ({ id: `c0-b${b}-e${i}`, type: 'page_view', ts, anonymous_id: 'visitor-0', url: 'https://shop.example/?utm_source=google&utm_medium=cpc' }));
        const res = await fetch(`${url}/v1/events`, { method: 'POST', headers: { authorization: 'Bearer wk', 'content-type': 'application/json' }, body: JSON.stringify({ events }) });
        expect(res.status).toBe(200);
      }
      duplicates = ((await (await fetch(`${url}/health`)).json()) as { duplicate_batches: number }).duplicate_batches;
      await waitQueueStored(config);
    } finally {
      await load.catch(() => undefined);
      await node.terminate();
      await writer.stop();
      await store.close();
    }

    const state = await queueState(config);
    const stored = await storedIds(eventsDb);
    const missing = acked.filter((id) => !stored.ids.has(id));
    console.log(`ingest SIGKILL: ${ackedAtKill} batches acked before the kill; acked ${acked.length} events in ${ackedBatches} batches, ` +
      `${resent} batches re-sent (${failedAttempts} failed attempts), ${duplicates} batches (10 deliberate re-sends included) already in JetStream, stream holds ${state.lastSeq} batches; stored ${stored.rows}, distinct ${stored.ids.size}, missing ${missing.length}; ` +
      `writer: ${writer.stats.events} events delivered, ${writer.stats.inserted} new`);
    expect(ackedAtKill).toBeLessThan(clients * batchesPerClient);
    expect(resent).toBeGreaterThan(0);
    expect(duplicates).toBeGreaterThanOrEqual(10);
    expect(duplicates).toBeLessThanOrEqual(10 + resent);
    expect(missing).toEqual([]);
    expect(acked.length).toBe(clients * batchesPerClient * batchSize);
    expect(stored.rows).toBe(acked.length);
    expect(stored.ids.size).toBe(stored.rows);
    // Batches published before the crash and re-sent after it were dropped by JetStream's duplicate window.
    expect(state.lastSeq).toBe(clients * batchesPerClient);
    expect(writer.stats.inserted).toBe(acked.length);
  });
});
