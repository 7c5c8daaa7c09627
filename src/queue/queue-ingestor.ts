import { AppError } from '../shared/errors.js';
import type { Store } from '../store/store.js';
import type { Workspace } from '../records/workspace.js';
import { enrichEvent } from '../ingest/enrich.js';
import type { EventPipeline } from '../ingest/pipeline.js';
import type { EventRecord } from '../records/events.js';
import type { JetStreamSink } from './jetstream-sink.js';
import { ChannelRulesCache } from '../ingest/rules-cache.js';
import { pseudonymizeEvents } from '../privacy/ingest-privacy.js';

export interface QueueIngestorOptions {
  /** Beyond this many of this node's events not yet stored, new batches get 503 (retry later). */
  maxPendingEvents?: number;
  /** `drain()` waits at most this long for the writers, then lets the caller read what is stored. */
  drainTimeoutMs?: number;
  log?: (msg: string) => void;
}

/**
 * The scale-mode ingestor of a stateless ingest node: validate → derive
 * channel → publish to JetStream → acknowledge. Routes see it as the same
 * `EventPipeline` as the embedded, spool-backed `Ingestor`; the writers
 * (`QueueWriter`) move batches from the queue into the store.
 */
export class QueueIngestor implements EventPipeline {
  private readonly rules: ChannelRulesCache;
  private lastError?: Error;
  /** Until then this node refuses batches (429): queries do not wait for the writers. */
  private overloadedUntil = 0;

  constructor(
    /** Metadata store: channel rules (events are written by the writers, not here). */
    private readonly store: Store,
    private readonly sink: JetStreamSink,
    private readonly opts: QueueIngestorOptions = {},
  ) {
    this.rules = new ChannelRulesCache(store);
  }

  /** Nothing runs in the background of an ingest node; kept for the `Ingestor` surface. */
  start(): void {}

  /** Waits (bounded) for the writers to store what this node acknowledged; the sink stays open for its owner to close. */
  async stop(): Promise<void> {
    await this.drain();
  }

  /** Durably accepts already-validated events: resolves after JetStream acknowledged them. */
  async accept(ws: Workspace, events: EventRecord[]): Promise<void> {
    try {
      if (this.sink.pendingEvents > (this.opts.maxPendingEvents ?? 1_000_000)) {
        throw new AppError('overloaded', 'ingestion is behind; retry in a few seconds', [], 2);
      }
      const rules = await this.rules.get(ws.id);
      // E-mails and phones are pseudonymised before the queue (issue 12 #14).
      const safe = await pseudonymizeEvents(this.store, ws.id, events);
      await this.sink.append(ws.id, safe.map((e) => enrichEvent(e, rules)));
      this.lastError = undefined;
    } catch (err) {
      this.lastError = err as Error;
      if (err instanceof AppError && err.code === 'overloaded') this.overloadedUntil = Date.now() + (err.retryAfter ?? 1) * 1000;
      throw err;
    }
  }

  /** Accepts the events whose ids the store does not hold (batches still in the queue are deduplicated by the writers). */
  async acceptNew(ws: Workspace, events: EventRecord[]): Promise<{ accepted: number; duplicates: number }> {
    const stored = new Set(events.length ? await this.store.existingEventIds(ws.id, events.map((e) => e.id)) : []);
    const fresh = events.filter((e) => !stored.has(e.id));
    if (fresh.length) await this.accept(ws, fresh);
    return { accepted: fresh.length, duplicates: events.length - fresh.length };
  }

  /** Channel rules changed: later events use the new ones. */
  forgetRules(workspaceId: string): void {
    this.rules.forget(workspaceId);
  }

  /**
   * Resolves when the writers stored every event this node acknowledged so
   * far, or after `drainTimeoutMs` (default 10 s) when they are behind or down:
   * a query then answers from what is stored. While the node is refusing
   * batches (overloaded) the writers cannot catch up soon, so it resolves at
   * once: queries keep answering promptly from what is stored.
   */
  async drain(): Promise<void> {
    if (this.sink.pendingEvents === 0 || Date.now() < this.overloadedUntil) return;
    const stored = await this.sink.waitStored(this.opts.drainTimeoutMs ?? 10_000);
    if (!stored) this.opts.log?.(`roilens: the queue writers are behind (${this.sink.pendingEvents} events of this node not yet stored)`);
  }

  get health(): { pending_events: number; duplicate_batches: number; last_error?: string } {
    return {
      pending_events: this.sink.pendingEvents,
      duplicate_batches: this.sink.duplicateBatches,
      ...(this.lastError ? { last_error: this.lastError.message } : {}),
    };
  }
}
