import { connect, type JetStreamClient, type JetStreamManager, type NatsConnection, type PubAck } from 'nats';
import { AppError } from '../shared/errors.js';
import type { StoredEvent } from '../records/events.js';
import { encodeBatches, subjectFor } from './batch-message.js';
import type { QueueConfig } from '../config/queue-config.js';
import { ensureTopology } from './topology.js';

/**
 * Where an ingest path puts accepted events. `append` resolves only once the
 * batch is durable — fsynced by the local spool (`EventSpool`), or stored by
 * JetStream (`JetStreamSink`) — so the HTTP answer can follow it.
 */
export interface EventSink {
  append(workspaceId: string, events: StoredEvent[]): Promise<void>;
  /** Events this process acknowledged that are not yet in the store. */
  readonly pendingEvents: number;
  close(): Promise<void>;
}

/** A publish is retried with the same `Nats-Msg-Id` (JetStream drops the copy) this many times before answering 503. */
const publishAttempts = 3;
/** Room left in a message for NATS headers and protocol lines. */
const headerRoom = 4 * 1024;

/**
 * Publishes each accepted batch to the JetStream event stream on subject
 * `<prefix>.<workspace>` with `Nats-Msg-Id` = a hash of its event ids, and
 * resolves after JetStream's publish acknowledgement (the batch is on the
 * stream's file storage). Tracks which of its batches the writers have not
 * yet acknowledged, for `pendingEvents` and `waitStored`.
 */
export class JetStreamSink implements EventSink {
  /** Stream sequence → events, for published batches not yet below the writers' ack floor. */
  private readonly unstored = new Map<number, number>();
  private unstoredEvents = 0;
  /** Batches JetStream already had (a client re-sent them): dropped by `Nats-Msg-Id`. */
  duplicateBatches = 0;
  private lastSeq = 0;
  private ackFloor = 0;
  private timer?: NodeJS.Timeout;

  private constructor(
    private readonly nc: NatsConnection,
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    private readonly config: QueueConfig,
    private readonly maxMessageBytes: number,
  ) {}

  /** Connects to NATS, creates stream and writer consumer if missing, and starts tracking the writers' progress. */
  static async connect(config: QueueConfig, opts: { name?: string; refreshMs?: number } = {}): Promise<JetStreamSink> {
    const nc = await connect({ servers: config.servers, name: opts.name ?? 'roilens-ingest', maxReconnectAttempts: -1, reconnectTimeWait: 250 });
    try {
      const jsm = await nc.jetstreamManager();
      await ensureTopology(jsm, config);
      const maxPayload = nc.info?.max_payload ?? 1024 * 1024;
      const sink = new JetStreamSink(nc, nc.jetstream(), jsm, config, Math.max(64 * 1024, maxPayload - headerRoom));
      sink.timer = setInterval(() => void sink.refresh().catch(() => undefined), opts.refreshMs ?? 1000);
      sink.timer.unref();
      return sink;
    } catch (err) {
      await nc.close();
      throw err;
    }
  }

  get pendingEvents(): number {
    return this.unstoredEvents;
  }

  /** Publishes the events (split under the server's payload limit) and resolves when JetStream has every part. */
  async append(workspaceId: string, events: StoredEvent[]): Promise<void> {
    if (events.length === 0) return;
    const subject = subjectFor(this.config.subjectPrefix, workspaceId);
    const messages = encodeBatches(workspaceId, events, this.maxMessageBytes);
    const acks = await Promise.all(messages.map((m) => this.publish(subject, m.data, m.msgId)));
    acks.forEach((ack, i) => {
      this.lastSeq = Math.max(this.lastSeq, ack.seq);
      if (ack.duplicate) this.duplicateBatches += 1;
      // A duplicate's seq is the original's, published (and counted) before.
      if (ack.duplicate || ack.seq <= this.ackFloor || this.unstored.has(ack.seq)) return;
      this.unstored.set(ack.seq, messages[i].events);
      this.unstoredEvents += messages[i].events;
    });
  }

  /** Reads the writers' ack floor and forgets the batches below it. */
  async refresh(): Promise<void> {
    const info = await this.jsm.consumers.info(this.config.stream, this.config.durable);
    this.ackFloor = Math.max(this.ackFloor, info.ack_floor.stream_seq);
    for (const [seq, count] of this.unstored) {
      if (seq <= this.ackFloor) {
        this.unstored.delete(seq);
        this.unstoredEvents -= count;
      }
    }
  }

  /**
   * Resolves `true` once the writers acknowledged every batch this sink
   * published so far (they are in the store), `false` after `timeoutMs`.
   */
  async waitStored(timeoutMs: number, pollMs = 50): Promise<boolean> {
    const target = this.lastSeq;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await this.refresh();
      if (this.ackFloor >= target) return true;
      if (Date.now() >= deadline) return false;
      await new Promise((r) => setTimeout(r, pollMs));
    }
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.nc.drain();
  }

  private async publish(subject: string, data: Uint8Array, msgId: string): Promise<PubAck> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.js.publish(subject, data, { msgID: msgId, timeout: 5_000 });
      } catch (err) {
        // JetStream API errors carry the server's reason in api_error (the message is only the status code).
        const apiError = (err as { api_error?: { description?: string } }).api_error;
        const message = apiError?.description ?? (err as Error).message;
        // A full stream or a missing stream will not heal within this request.
        if (/maximum (bytes|messages)|resource limits|storage|insufficient/i.test(message)) throw new AppError('overloaded', `the event queue is full (${message}); retry later`, [], 5);
        if (attempt >= publishAttempts || /no stream|not found/i.test(message)) {
          throw new AppError('unavailable', `the event queue did not take the batch (${message}); retry later`);
        }
      }
    }
  }
}
