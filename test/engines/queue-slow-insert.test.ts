import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultWriterSettings } from '../../src/config/queue-config.js';
import { JetStreamSink } from '../../src/queue/jetstream-sink.js';
import { QueueWriter, type EventWriteTarget } from '../../src/queue/queue-writer.js';
import type { StoredEvent } from '../../src/records/events.js';
import { createQueue, deleteQueue, makeEvents, uniqueQueueConfig, waitQueueStored } from './queue-fixtures.js';

/**
 * An insert slower than the consumer's ack wait (2 s here, 60 s by default)
 * must not hand the batch in progress to a second writer: the writer marks
 * its messages in progress while it stores them.
 */
describe('queue writer: an insert slower than the ack wait', () => {
  const config = uniqueQueueConfig({ ackWaitMs: 2_000 });
  beforeAll(() => createQueue(config));
  afterAll(() => deleteQueue(config));

  it('is not delivered to another writer while it runs', async () => {
    const received: string[][] = [];
    const slowTarget: EventWriteTarget = {
      async insertEvents(_ws: string, events: StoredEvent[]) {
        received.push(events.map((e) => e.id));
        await new Promise((r) => setTimeout(r, 5_000));
        return events.length;
      },
    };
    const settings = { ...defaultWriterSettings, batchMessages: 10 };
    const writers = [await QueueWriter.connect(config, slowTarget, settings), await QueueWriter.connect(config, slowTarget, settings)];
    const sink = await JetStreamSink.connect(config);
    try {
      writers.forEach((w) => w.start());
      await sink.append('default', makeEvents('slow', 100));
      await waitQueueStored(config);
    } finally {
      await sink.close();
      await Promise.all(writers.map((w) => w.stop()));
    }
    console.log(`slow insert (5 s, ack wait 2 s): ${received.length} inserts, redelivered ${writers.map((w) => w.stats.redelivered).join('+')}`);
    expect(received).toHaveLength(1);
    expect(received[0]).toHaveLength(100);
    expect(writers.map((w) => w.stats.redelivered)).toEqual([0, 0]);
  });
});
