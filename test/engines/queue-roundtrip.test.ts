import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JetStreamSink } from '../../src/queue/jetstream-sink.js';
import { defaultWriterSettings } from '../../src/config/queue-config.js';
import { QueueWriter, type EventWriteTarget } from '../../src/queue/queue-writer.js';
import { DuckDbStore } from '../../src/store/duckdb/duckdb-store.js';
import type { StoredEvent } from '../../src/records/events.js';
import { AppError } from '../../src/shared/errors.js';
import { tempDir } from '../helpers/temp.js';
import { createQueue, deleteQueue, makeEvents, queueState, uniqueQueueConfig, waitQueueStored, waitUntil } from './queue-fixtures.js';

const settings = { ...defaultWriterSettings, batchMessages: 1_000, flushIntervalMs: 1_000, retryDelayMs: 200 };

describe('queue round trip on a real NATS JetStream', () => {
  const tmp = tempDir();
  const config = uniqueQueueConfig();
  let store: DuckDbStore;
  let sink: JetStreamSink;

  beforeAll(async () => {
    await createQueue(config);
    store = await DuckDbStore.open(`${tmp.dir}/events.duckdb`);
    sink = await JetStreamSink.connect(config);
  });
  /** Runs a writer on `target` while `during` runs, and always stops it. */
  async function withWriter(target: EventWriteTarget, during: () => Promise<void>): Promise<QueueWriter> {
    const writer = await QueueWriter.connect(config, target, settings);
    writer.start();
    try {
      await during();
    } finally {
      await writer.stop();
    }
    return writer;
  }

  afterAll(async () => {
    await sink?.close();
    await store?.close();
    await deleteQueue(config);
    tmp.cleanup();
  });

  it('publish → writer → store keeps exact counts per workspace', async () => {
    const alpha = makeEvents('alpha', 2_500);
    const beta = makeEvents('beta', 1_000);
    for (let i = 0; i < alpha.length; i += 100) await sink.append('alpha', alpha.slice(i, i + 100));
    await Promise.all(Array.from({ length: 10 }, (_, b) => sink.append('beta', beta.slice(b * 100, b * 100 + 100))));
    await sink.append('gamma.x y', makeEvents('gamma', 1));
    expect(sink.pendingEvents).toBe(3_501);
    expect((await queueState(config)).lastSeq).toBe(36);

    let stored = false;
    const writer = await withWriter(store, async () => {
      stored = await sink.waitStored(60_000);
    });
    expect(stored).toBe(true);

    expect(await store.countEvents('alpha')).toBe(2_500);
    expect(await store.countEvents('beta')).toBe(1_000);
    expect(await store.countEvents('gamma.x y')).toBe(1);
    expect(writer.stats).toMatchObject({ messages: 36, events: 3_501, inserted: 3_501, redelivered: 0, failures: 0 });
    expect(sink.pendingEvents).toBe(0);
    // Work-queue retention: stored batches leave the stream.
    expect((await queueState(config)).messages).toBe(0);
  });

  it('a re-published batch is dropped by JetStream; the same events in another batch are dropped by the store', async () => {
    const events = makeEvents('dup', 10);
    const before = (await queueState(config)).lastSeq;
    await sink.append('alpha', events);
    await sink.append('alpha', events);
    expect((await queueState(config)).lastSeq).toBe(before + 1);
    expect(sink.pendingEvents).toBe(10);

    // Re-sent in two differently composed batches: new message ids, same event ids.
    await sink.append('alpha', events.slice(0, 4));
    await sink.append('alpha', [...events.slice(4), ...makeEvents('fresh', 1)]);
    expect((await queueState(config)).lastSeq).toBe(before + 3);

    const writer = await withWriter(store, () => waitQueueStored(config));
    expect(writer.stats).toMatchObject({ messages: 3, events: 21, inserted: 11 });
    expect(await store.countEvents('alpha')).toBe(2_500 + 11);
  });

  it('acknowledges only after the insert succeeded: failed inserts are delivered again, stored once', async () => {
    const events = makeEvents('retry', 300);
    const before = await store.countEvents('beta');
    for (let i = 0; i < 300; i += 100) await sink.append('beta', events.slice(i, i + 100));
    let calls = 0;
    let insertedBeforeLostAck = 0;
    const flaky: EventWriteTarget = {
      async insertEvents(ws: string, evs: StoredEvent[]) {
        calls += 1;
        if (calls === 1) throw new Error('engine down');
        // Second try: the insert lands but the writer "dies" before acknowledging.
        if (calls === 2) {
          insertedBeforeLostAck = await store.insertEvents(ws, evs);
          throw new Error('connection lost after the insert');
        }
        return store.insertEvents(ws, evs);
      },
    };
    const writer = await withWriter(flaky, () => waitQueueStored(config));

    expect(calls).toBeGreaterThanOrEqual(3);
    expect(writer.stats.failures).toBe(2);
    expect(insertedBeforeLostAck).toBeGreaterThanOrEqual(100);
    // Every message was acknowledged once, after a successful insert; the store dropped what the lost-ack insert had stored.
    expect(writer.stats.events).toBe(300);
    expect(writer.stats.redelivered).toBe(3);
    expect(writer.stats.inserted).toBe(300 - insertedBeforeLostAck);
    expect(await store.countEvents('beta')).toBe(before + 300);
  });

  it('leaves a batch unacknowledged while the store keeps failing', async () => {
    await sink.append('beta', makeEvents('stuck', 5));
    let calls = 0;
    const down: EventWriteTarget = {
      async insertEvents() {
        calls += 1;
        throw new Error('engine down');
      },
    };
    // Until the writer tried twice: the batch came back after its negative acknowledgement.
    await withWriter(down, () => waitUntil('a second delivery', () => calls >= 2));
    const state = await queueState(config);
    expect(state.messages).toBe(1);
    expect(state.ackFloor).toBeLessThan(state.lastSeq);
    expect(await store.countEvents('beta')).toBe(1_000 + 300);

    // A healthy writer picks it up.
    await withWriter(store, () => waitQueueStored(config));
    expect(await store.countEvents('beta')).toBe(1_000 + 300 + 5);
  });
});

describe('queue back-pressure', () => {
  const tmp = tempDir();
  const config = uniqueQueueConfig({ maxStreamBytes: 200 * 1024 });
  afterAll(async () => {
    await deleteQueue(config);
    tmp.cleanup();
  });

  it('a full stream refuses new batches with 429 (overloaded, Retry-After) and takes them again once writers caught up', async () => {
    await createQueue(config);
    const sink = await JetStreamSink.connect(config);
    const store = await DuckDbStore.open(`${tmp.dir}/bp.duckdb`);
    try {
      let accepted = 0;
      let refusal: unknown;
      // Each batch of 100 events is about 15 kB: the 200 kB stream is full after about thirteen.
      for (let b = 0; b < 100 && !refusal; b++) {
        try {
          await sink.append('default', makeEvents(`bp${b}`, 100));
          accepted += 1;
        } catch (err) {
          refusal = err;
        }
      }
      expect(refusal).toBeInstanceOf(AppError);
      expect((refusal as AppError).code).toBe('overloaded');
      expect((refusal as AppError).status).toBe(429);
      expect((refusal as AppError).retryAfter).toBe(5);
      expect(accepted).toBeGreaterThan(0);
      expect(accepted).toBeLessThan(20);

      const writer = await QueueWriter.connect(config, store, settings);
      writer.start();
      try {
        await waitQueueStored(config);
        await sink.append('default', makeEvents('after', 100));
        await waitQueueStored(config);
      } finally {
        await writer.stop();
      }
      expect(await store.countEvents('default')).toBe(accepted * 100 + 100);
    } finally {
      await sink.close();
      await store.close();
    }
  });
});
