import { AckPolicy, DeliverPolicy, DiscardPolicy, RetentionPolicy, StorageType, nanos, type JetStreamManager } from 'nats';
import type { QueueConfig } from '../config/queue-config.js';

/**
 * Creates the event stream when it does not exist: file storage, work-queue
 * retention (a batch is deleted once a writer acknowledged it), duplicate
 * window for `Nats-Msg-Id`, and, when limited, "discard new" so a full stream
 * refuses batches instead of dropping unstored ones. Idempotent and safe to
 * race: every ingest node and writer calls it at start.
 */
export async function ensureStream(jsm: JetStreamManager, config: QueueConfig): Promise<void> {
  if (await exists(() => jsm.streams.info(config.stream))) return;
  try {
    await jsm.streams.add({
      name: config.stream,
      subjects: [`${config.subjectPrefix}.>`],
      storage: StorageType.File,
      retention: RetentionPolicy.Workqueue,
      discard: DiscardPolicy.New,
      max_bytes: config.maxStreamBytes,
      duplicate_window: nanos(config.duplicateWindowMs),
      num_replicas: config.replicas,
    });
  } catch (err) {
    // Another process created it between our look-up and our add.
    if (!(await exists(() => jsm.streams.info(config.stream)))) throw err;
  }
}

/** Creates the writers' durable pull consumer (explicit acks, redelivered forever) when it does not exist. */
export async function ensureConsumer(jsm: JetStreamManager, config: QueueConfig): Promise<void> {
  if (await exists(() => jsm.consumers.info(config.stream, config.durable))) return;
  try {
    await jsm.consumers.add(config.stream, {
      durable_name: config.durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: nanos(config.ackWaitMs),
      max_ack_pending: config.maxAckPending,
      max_deliver: -1,
    });
  } catch (err) {
    if (!(await exists(() => jsm.consumers.info(config.stream, config.durable)))) throw err;
  }
}

/** Creates stream and consumer. */
export async function ensureTopology(jsm: JetStreamManager, config: QueueConfig): Promise<void> {
  await ensureStream(jsm, config);
  await ensureConsumer(jsm, config);
}

async function exists(lookUp: () => Promise<unknown>): Promise<boolean> {
  try {
    await lookUp();
    return true;
  } catch (err) {
    if (isNotFound(err)) return false;
    throw err;
  }
}

/** JetStream's "stream not found" / "consumer not found" (API error 404). */
export function isNotFound(err: unknown): boolean {
  const e = err as { code?: string; api_error?: { code?: number }; message?: string };
  return e?.api_error?.code === 404 || e?.code === '404' || /not found/i.test(e?.message ?? '');
}
