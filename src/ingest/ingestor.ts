import { AppError, type FieldIssue } from '../shared/errors.js';
import type { Store, Workspace } from '../store/store.js';
import { defaultChannelRules, type ChannelRule } from './channel-rules.js';
import { enrichEvent } from './enrich.js';
import { parseBatch } from './event-schema.js';
import type { EventRecord } from './records.js';
import type { EventSpool } from './spool.js';

export interface BatchOutcome {
  accepted: number;
  rejected: { index: number; errors: FieldIssue[] }[];
}

/** Beyond this many events waiting for the store, new batches get 503 (retry later) instead of growing memory. */
const maxPendingEvents = 1_000_000;

/**
 * Accepts events: validate → derive channel → spool (durable) → acknowledge.
 * A background loop moves spooled batches into the store in large inserts.
 */
export class Ingestor {
  private readonly rules = new Map<string, ChannelRule[]>();
  private running = false;
  private loop?: Promise<void>;
  private idle: (() => void)[] = [];
  private lastError?: Error;

  constructor(
    private readonly store: Store,
    private readonly spool: EventSpool,
    private readonly opts: { flushIntervalMs: number; maxInsertEvents: number; log?: (msg: string) => void } = { flushIntervalMs: 100, maxInsertEvents: 50_000 },
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.flushLoop();
  }

  async stop(): Promise<void> {
    await this.drain();
    this.running = false;
    await this.loop;
  }

  /** Validates a `POST /v1/events` body and durably accepts its valid events. */
  async acceptBatch(ws: Workspace, body: unknown): Promise<BatchOutcome> {
    const parsed = parseBatch(body);
    if ('error' in parsed) throw new AppError('invalid_input', `${parsed.error.path}: ${parsed.error.message}`, [parsed.error]);
    if (parsed.events.length === 0) {
      throw new AppError('invalid_input', 'no valid event in the batch', parsed.rejected.flatMap((r) => r.errors.map((e) => ({ path: `events.${r.index}.${e.path}`, message: e.message }))));
    }
    await this.accept(ws, parsed.events);
    return { accepted: parsed.events.length, rejected: parsed.rejected };
  }

  /** Durably accepts already-validated events. */
  async accept(ws: Workspace, events: EventRecord[]): Promise<void> {
    if (this.spool.pendingEvents > maxPendingEvents) {
      throw new AppError('unavailable', 'ingestion is behind; retry in a few seconds');
    }
    const rules = await this.rulesFor(ws.id);
    await this.spool.append(ws.id, events.map((e) => enrichEvent(e, rules)));
  }

  /** Channel rules changed: later events use the new ones. */
  forgetRules(workspaceId: string): void {
    this.rules.delete(workspaceId);
  }

  /** Resolves when every acknowledged event so far is in the store. */
  drain(): Promise<void> {
    if (this.spool.queue.length === 0) return Promise.resolve();
    if (!this.running) return this.flushOnce().then(() => this.drain());
    return new Promise((resolve) => this.idle.push(resolve));
  }

  get pendingEvents(): number {
    return this.spool.pendingEvents;
  }

  get health(): { pending_events: number; last_error?: string } {
    return { pending_events: this.spool.pendingEvents, ...(this.lastError ? { last_error: this.lastError.message } : {}) };
  }

  private async rulesFor(workspaceId: string): Promise<ChannelRule[]> {
    let rules = this.rules.get(workspaceId);
    if (!rules) {
      rules = (await this.store.getChannelRules(workspaceId)) ?? defaultChannelRules;
      this.rules.set(workspaceId, rules);
    }
    return rules;
  }

  private async flushLoop(): Promise<void> {
    while (this.running) {
      if (this.spool.queue.length === 0) {
        for (const resolve of this.idle.splice(0)) resolve();
        await sleep(this.opts.flushIntervalMs);
        continue;
      }
      try {
        await this.flushOnce();
        this.lastError = undefined;
      } catch (err) {
        // The batch stays in the spool and is retried; nothing acknowledged is dropped.
        this.lastError = err as Error;
        this.opts.log?.(`roilens: storing events failed, will retry: ${(err as Error).message}`);
        await sleep(1000);
      }
    }
  }

  private async flushOnce(): Promise<void> {
    const entries = this.spool.peek(this.opts.maxInsertEvents);
    if (entries.length === 0) return;
    const byWorkspace = new Map<string, typeof entries[number]['events']>();
    for (const entry of entries) {
      const list = byWorkspace.get(entry.workspaceId);
      if (list) list.push(...entry.events);
      else byWorkspace.set(entry.workspaceId, [...entry.events]);
    }
    for (const [workspaceId, events] of byWorkspace) await this.store.insertEvents(workspaceId, events);
    this.spool.flushed(entries.length);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
