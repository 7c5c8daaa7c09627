import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JetStreamSink } from '../../src/queue/jetstream-sink.js';
import type { QueueConfig } from '../../src/config/queue-config.js';
import { tempDir } from '../helpers/temp.js';
import { createQueue, deleteQueue, makeEvents, queueState, storedIds, TsProcess, uniqueQueueConfig, waitQueueStored, waitUntil } from './queue-fixtures.js';

const batchSize = 100;
/** Hard bound of the load loop (it normally stops far earlier, once the restarted writer has stored a few batches). */
const maxBatches = 1_500;

function startWriter(config: QueueConfig, db: string, extra: string[] = []): TsProcess {
  return TsProcess.start('src/app/writer-main.ts', [
    '--db', db, '--nats', config.servers.join(','), '--stream', config.stream, '--subject', config.subjectPrefix,
    '--consumer', config.durable, '--batch-messages', '200', '--flush-ms', '1000', ...extra,
  ]);
}

/**
 * Publishes batches of 100 events from 4 workers, each pausing `pauseMs` after a
 * batch (about 5,000 events/s: a load the writer keeps up with, so the kill lands
 * in the middle of it), until stopped or `maxBatches`; remembers every acknowledged id.
 */
function startLoad(sink: JetStreamSink, prefix: string, pauseMs = 80) {
  const acked: string[] = [];
  let sent = 0;
  let stopped = false;
  const worker = async () => {
    while (!stopped && sent < maxBatches) {
      const events = makeEvents(`${prefix}-b${sent++}`, batchSize);
      await sink.append('default', events);
      for (const e of events) acked.push(e.id);
      await new Promise((r) => setTimeout(r, pauseMs));
    }
  };
  const done = Promise.all([worker(), worker(), worker(), worker()]);
  return {
    acked,
    batchesAcked: () => acked.length / batchSize,
    async stop() {
      stopped = true;
      await done;
    },
  };
}

/** Events the restarted writer was given again but the store already had. */
const duplicatesDropped = (w: TsProcess) => w.batches().reduce((s, b) => s + b.events - b.inserted, 0);
const redelivered = (w: TsProcess) => w.batches().reduce((s, b) => s + b.redelivered, 0);

describe('fault: kill -9 a queue writer under load', () => {
  const tmp = tempDir();
  let config: QueueConfig;
  let sink: JetStreamSink;

  // Each case has a queue of its own.
  beforeEach(async () => {
    config = uniqueQueueConfig();
    await createQueue(config);
    sink = await JetStreamSink.connect(config);
  });
  afterEach(async () => {
    await sink?.close();
    await deleteQueue(config);
  });
  afterAll(() => tmp.cleanup());

  it('SIGKILL in the middle of a sustained load, restart: every acknowledged event stored exactly once', async () => {
    const db = `${tmp.dir}/kill.duckdb`;
    const first = startWriter(config, db);
    await first.ready();
    const load = startLoad(sink, 'kill');
    let second: TsProcess | undefined;
    try {
      await waitUntil('the first writer to store 3 batches', () => first.batches().length >= 3);
      await first.kill9();
      const atKill = load.batchesAcked();
      await waitUntil('40 more batches while no writer runs', () => load.batchesAcked() >= atKill + 40);
      second = startWriter(config, db);
      await second.ready();
      await waitUntil('the restarted writer to store 3 batches', () => second!.batches().length >= 3);
      await load.stop();
      await waitQueueStored(config);
    } finally {
      await load.stop();
      if (second) expect(await second.terminate()).toBe(0);
    }
    expect(load.batchesAcked()).toBeLessThan(maxBatches);
    const stored = await storedIds(db);
    const missing = load.acked.filter((id) => !stored.ids.has(id));
    console.log(`writer SIGKILL: acked ${load.acked.length}, stored ${stored.rows}, distinct ${stored.ids.size}, missing ${missing.length}; ` +
      `first writer stored ${first.batches().length} batches before the kill; restarted writer got ${redelivered(second!)} messages again, dropped ${duplicatesDropped(second!)} duplicate events`);
    expect(missing).toEqual([]);
    expect(stored.rows).toBe(load.acked.length);
    expect(stored.ids.size).toBe(stored.rows);
  });

  it('SIGKILL after an insert and before its acknowledgements: the batch comes back and is not stored twice', async () => {
    const db = `${tmp.dir}/lost-ack.duckdb`;
    const first = startWriter(config, db, ['--crash-after-insert', '2']);
    await first.ready();
    const load = startLoad(sink, 'lostack');
    let second: TsProcess | undefined;
    try {
      expect(await first.exited).toBeNull();
      expect(first.child.signalCode).toBe('SIGKILL');
      second = startWriter(config, db);
      await second.ready();
      await waitUntil('the restarted writer to get the unacknowledged batch again', () => redelivered(second!) > 0);
      await load.stop();
      await waitQueueStored(config);
    } finally {
      await load.stop();
      if (second) expect(await second.terminate()).toBe(0);
    }
    const stored = await storedIds(db);
    const missing = load.acked.filter((id) => !stored.ids.has(id));
    console.log(`writer SIGKILL between insert and ack: acked ${load.acked.length}, stored ${stored.rows}, distinct ${stored.ids.size}, missing ${missing.length}; ` +
      `restarted writer got ${redelivered(second!)} messages again, dropped ${duplicatesDropped(second!)} duplicate events`);
    expect(first.batches().length).toBe(1);
    expect(duplicatesDropped(second!)).toBeGreaterThan(0);
    expect(missing).toEqual([]);
    expect(stored.rows).toBe(load.acked.length);
    expect(stored.ids.size).toBe(stored.rows);
    expect((await queueState(config)).messages).toBe(0);
  });
});
