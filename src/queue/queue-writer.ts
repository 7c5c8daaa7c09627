import { connect, type Consumer, type JsMsg, type NatsConnection } from 'nats';
import type { StoredEvent } from '../records/events.js';
import { decodeBatch, insertToken } from './batch-message.js';
import type { QueueConfig, WriterSettings } from '../config/queue-config.js';
import { ensureTopology } from './topology.js';
import { invalid } from '../shared/errors.js';

/**
 * What a writer needs of a store: `Store.insertEvents` (ids deduplicate). An
 * engine that supports insert deduplication tokens (ClickHouse's
 * `insert_deduplication_token`) takes the optional third argument; the same
 * set of queue messages always yields the same token.
 */
export interface EventWriteTarget {
  insertEvents(workspaceId: string, events: StoredEvent[], opts?: { dedupToken?: string }): Promise<number>;
}

/** What a writer did, for logs and tests. */
export interface WriterBatchReport {
  messages: number;
  /** Messages delivered before (a writer died or failed before acknowledging them). */
  redelivered: number;
  events: number;
  /** Events new to the store (the rest were already there: a retried batch). */
  inserted: number;
}

export interface WriterStats {
  batches: number;
  messages: number;
  events: number;
  inserted: number;
  redelivered: number;
  failures: number;
  lastError?: string;
}

export interface QueueWriterOptions {
  name?: string;
  log?: (msg: string) => void;
  /** Called after each stored and acknowledged batch. */
  onBatch?: (report: WriterBatchReport) => void;
  /** Fault injection for tests: called after the insert and before the acks. */
  afterInsert?: (report: WriterBatchReport) => void;
}

/**
 * A writer process's loop: pull a batch from the durable consumer (up to
 * `batchMessages` messages, waiting at most `flushIntervalMs`; the next pull
 * runs while a batch is stored), insert each
 * workspace's events with one `insertEvents` call, and acknowledge the
 * messages only after the insert succeeded. A writer that dies before its acks
 * leaves the messages to be delivered again (after `ackWaitMs`); the store
 * drops the event ids it already has, so nothing is stored twice. A failed
 * insert is negatively acknowledged and retried after `retryDelayMs`.
 * Several writers may share the consumer: each batch goes to one of them.
 */
export class QueueWriter {
  readonly stats: WriterStats = { batches: 0, messages: 0, events: 0, inserted: 0, redelivered: 0, failures: 0 };
  private running = false;
  private loop?: Promise<void>;

  private constructor(
    private readonly nc: NatsConnection,
    private readonly consumer: Consumer,
    private readonly target: EventWriteTarget,
    private readonly settings: WriterSettings,
    private readonly opts: QueueWriterOptions,
    /** The consumer's ack wait: a batch in hand is marked "in progress" well within it. */
    private readonly ackWaitMs: number,
  ) {}

  /** Connects, creates stream and consumer if missing, and returns a writer ready to `start()`. */
  static async connect(config: QueueConfig, target: EventWriteTarget, settings: WriterSettings, opts: QueueWriterOptions = {}): Promise<QueueWriter> {
    if (settings.flushIntervalMs < 1000) throw invalid('flushIntervalMs', 'at least 1000 (the shortest pull the client allows)');
    const nc = await connect({ servers: config.servers, name: opts.name ?? 'roilens-writer', maxReconnectAttempts: -1, reconnectTimeWait: 250 });
    try {
      await ensureTopology(await nc.jetstreamManager(), config);
      const consumer = await nc.jetstream().consumers.get(config.stream, config.durable);
      // The consumer may have been created by another process with another ack wait: its own value counts.
      const ackWaitMs = ((await consumer.info(true)).config.ack_wait ?? config.ackWaitMs * 1e6) / 1e6;
      return new QueueWriter(nc, consumer, target, settings, opts, ackWaitMs);
    } catch (err) {
      await nc.close();
      throw err;
    }
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Finishes the batch in hand (its insert and acks), stops pulling and closes the connection. */
  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
    await this.nc.drain();
  }

  /** Stores each pulled batch while the next pull already runs, so the pull window does not add to the insert time. */
  private async run(): Promise<void> {
    let next: Promise<InHand | null> | null = this.pullInHand();
    while (next) {
      const batch = await next;
      next = this.running ? this.pullInHand() : null;
      if (batch) await this.write(batch);
    }
  }

  /**
   * One pull: up to `batchMessages`, returning early when full, else after
   * `flushIntervalMs`. From then until stored the messages are marked in
   * progress, so a batch waiting behind a slow insert (longer than the ack
   * wait) is not handed to another writer as well. Null when the pull failed
   * (after the retry delay) or brought nothing.
   */
  private async pullInHand(): Promise<InHand | null> {
    const messages: JsMsg[] = [];
    try {
      const iter = await this.consumer.fetch({ max_messages: this.settings.batchMessages, expires: this.settings.flushIntervalMs });
      for await (const m of iter) messages.push(m);
    } catch (err) {
      this.fail(err as Error, 'pulling from the queue');
      await sleep(this.settings.retryDelayMs);
    }
    if (messages.length === 0) return null;
    const marker = setInterval(() => messages.forEach((m) => m.working()), Math.max(100, this.ackWaitMs / 3));
    return { messages, release: () => clearInterval(marker) };
  }

  /** Stores a pulled batch, then acknowledges it; on failure asks for redelivery. */
  private async write(batch: InHand): Promise<void> {
    try {
      await this.writeInProgress(batch.messages);
    } catch (err) {
      // The acks may not have reached the server: those batches come back and the store drops their ids.
      this.fail(err as Error, 'acknowledging a stored batch');
    } finally {
      batch.release();
    }
  }

  private async writeInProgress(batch: JsMsg[]): Promise<void> {
    const byWorkspace = new Map<string, { events: StoredEvent[]; msgIds: string[] }>();
    const good: JsMsg[] = [];
    for (const m of batch) {
      let decoded;
      try {
        decoded = decodeBatch(m.data);
      } catch (err) {
        // A message that is not a batch can never be stored: drop it instead of blocking the queue.
        this.opts.log?.(`roilens: dropping queue message ${m.seq}: ${(err as Error).message}`);
        m.term();
        continue;
      }
      const group = byWorkspace.get(decoded.workspaceId) ?? { events: [], msgIds: [] };
      for (const e of decoded.events) group.events.push(e);
      group.msgIds.push(m.headers?.get('Nats-Msg-Id') || `seq:${m.seq}`);
      byWorkspace.set(decoded.workspaceId, group);
      good.push(m);
    }
    const report: WriterBatchReport = {
      messages: good.length,
      redelivered: good.filter((m) => m.redelivered).length,
      events: 0,
      inserted: 0,
    };
    try {
      for (const [workspaceId, group] of byWorkspace) {
        report.events += group.events.length;
        report.inserted += await this.target.insertEvents(workspaceId, group.events, { dedupToken: insertToken(workspaceId, group.msgIds) });
      }
    } catch (err) {
      this.fail(err as Error, 'storing a batch');
      for (const m of good) m.nak(this.settings.retryDelayMs);
      return;
    }
    this.opts.afterInsert?.(report);
    for (const m of good) m.ack();
    await this.nc.flush();
    this.stats.batches += 1;
    this.stats.messages += report.messages;
    this.stats.events += report.events;
    this.stats.inserted += report.inserted;
    this.stats.redelivered += report.redelivered;
    this.stats.lastError = undefined;
    this.opts.onBatch?.(report);
  }

  private fail(err: Error, doing: string): void {
    this.stats.failures += 1;
    this.stats.lastError = err.message;
    this.opts.log?.(`roilens: writer failed ${doing}, will retry: ${err.message}`);
  }
}

/** A pulled batch and the release of its in-progress marking. */
interface InHand {
  messages: JsMsg[];
  release: () => void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
