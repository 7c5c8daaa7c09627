import { statSync } from 'node:fs';
import { AppError } from '../shared/errors.js';
import type { EventLog } from '../store/ports/event-log.js';
import type { SettingsRepo } from '../store/ports/settings-repo.js';
import type { Workspace } from '../records/workspace.js';
import { enrichEvent } from './enrich.js';
import type { EventRecord } from '../records/events.js';
import type { EventPipeline } from './pipeline.js';
import type { EventSpool } from './spool.js';
import { ChannelRulesCache } from './rules-cache.js';
import { pseudonymizeEvents } from '../privacy/ingest-privacy.js';
import { PendingIds } from './pending-ids.js';

/** Beyond this many events waiting for the store, new batches get 503 (retry later) instead of growing memory. */
const maxPendingEvents = 1_000_000;

/**
 * Accepts events: validate → derive channel → spool (durable) → acknowledge.
 * A background loop moves spooled batches into the store in large inserts.
 */
export class Ingestor implements EventPipeline {
  private readonly rules: ChannelRulesCache;
  private running = false;
  private loop?: Promise<void>;
  private idle: (() => void)[] = [];
  /** Ends the flush loop's pause early (a reader waits in `drain`). */
  private wake?: () => void;
  private lastError?: Error;
  private readonly pending = new PendingIds();
  /** Counts the flushes that moved ids from `pending` into the store. */
  private storedRounds = 0;

  constructor(
    private readonly store: EventLog & SettingsRepo,
    private readonly spool: EventSpool,
    /** `maxFlushBytes`: the most spool bytes one flush loads (default `defaultMaxFlushBytes`). */
    private readonly opts: { flushIntervalMs: number; maxFlushBytes?: number; log?: (msg: string) => void } = { flushIntervalMs: 100 },
  ) {
    this.rules = new ChannelRulesCache(store);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.flushLoop();
  }

  /** Stops the flush loop and tries one last flush; what fails stays in the spool for the next start. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    try {
      for (let more = true; more; ) more = await this.flushOnce();
    } catch (err) {
      this.opts.log?.(`roilens: events left in the spool for the next start: ${(err as Error).message}`);
    }
    for (const resolve of this.idle.splice(0)) resolve();
  }

  /** Durably accepts already-validated events. */
  async accept(ws: Workspace, events: EventRecord[]): Promise<void> {
    if (this.spool.pendingEvents > maxPendingEvents) {
      throw new AppError('overloaded', 'ingestion is behind; retry in a few seconds', [], 2);
    }
    // Taken from here on (synchronously with the caller's last check): a later batch with one of these ids is a duplicate.
    const batch = { workspaceId: ws.id, ids: events.map((e) => e.id) };
    this.pending.add(ws.id, batch.ids);
    try {
      const rules = await this.rules.get(ws.id);
      // E-mails and phones are pseudonymised before the spool: nothing on disk holds them in clear (issue 12 #14).
      const safe = await pseudonymizeEvents(this.store, ws.id, events);
      await this.spool.append(ws.id, safe.map((e) => enrichEvent(e, rules)));
    } catch (err) {
      this.pending.remove([batch]);
      throw err;
    }
  }

  /**
   * Accepts the events whose ids the workspace neither stores nor has waiting in the spool (issue 14):
   * the waiting ids are known here, and the store's filter of stored ids answers most of the rest
   * without a query. A flush that stores waiting ids while the store is asked makes it ask again,
   * so an id never slips between the two.
   */
  async acceptNew(ws: Workspace, events: EventRecord[]): Promise<{ accepted: number; duplicates: number }> {
    let fresh = events.filter((e) => !this.pending.has(ws.id, e.id));
    for (;;) {
      const round = this.storedRounds;
      if (fresh.length === 0) break;
      const stored = new Set(await this.store.existingEventIds(ws.id, fresh.map((e) => e.id)));
      fresh = fresh.filter((e) => !stored.has(e.id) && !this.pending.has(ws.id, e.id));
      if (round === this.storedRounds) break;
    }
    if (fresh.length) await this.accept(ws, fresh);
    return { accepted: fresh.length, duplicates: events.length - fresh.length };
  }

  /** Channel rules changed: later events use the new ones. */
  forgetRules(workspaceId: string): void {
    this.rules.forget(workspaceId);
  }

  /** Resolves when every event acknowledged so far is in the store. */
  async drain(): Promise<void> {
    if (this.spool.pendingEvents === 0) return;
    if (!this.running) {
      for (let more = true; more; ) more = await this.flushOnce();
      return;
    }
    const stored = new Promise<void>((resolve) => this.idle.push(resolve));
    this.wake?.();
    await stored;
  }

  get health(): { pending_events: number; last_error?: string } {
    return { pending_events: this.spool.pendingEvents, ...(this.lastError ? { last_error: this.lastError.message } : {}) };
  }

  private async flushLoop(): Promise<void> {
    while (this.running) {
      const waiting = this.idle.splice(0);
      let more = false;
      try {
        more = await this.flushOnce();
        this.lastError = undefined;
        // A reader waiting in `drain` waits for every segment, not only those this round loaded.
        if (more) this.idle.unshift(...waiting);
        else for (const resolve of waiting) resolve();
      } catch (err) {
        // The segments stay on disk and are retried; nothing acknowledged is dropped.
        this.idle.unshift(...waiting);
        this.lastError = err as Error;
        this.opts.log?.(`roilens: storing events failed, will retry: ${(err as Error).message}`);
        await sleep(1000);
        continue;
      }
      if (this.idle.length === 0 && !more) await this.pause();
    }
  }

  /** Waits `flushIntervalMs`, or less when a reader starts waiting in `drain`. */
  private pause(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.wake?.(), this.opts.flushIntervalMs);
      this.wake = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
    });
  }

  /**
   * Seals the spool's open segment and bulk-loads the oldest sealed segments into the store, at most
   * `maxFlushBytes` of them (at least one): a backlog (a burst, a slow store) loads in several
   * transactions instead of one whose staging holds it all in memory (issue 14: 1.2 GB at full
   * speed). Answers whether sealed segments are left.
   */
  private async flushOnce(): Promise<boolean> {
    const sealed = await this.spool.seal();
    if (sealed.length === 0) return false;
    const segments = oldestUpTo(sealed, this.opts.maxFlushBytes ?? defaultMaxFlushBytes);
    await this.store.insertEventFiles(segments);
    // The store (and its filter of stored ids) has them now: they leave the waiting ids.
    this.pending.remove(this.spool.stored(segments));
    this.storedRounds += 1;
    return segments.length < sealed.length;
  }
}

/** The most spool bytes one flush loads (about 100,000 events of the bench's size). */
const defaultMaxFlushBytes = 32 * 1024 * 1024;

/** The first segments whose sizes add up to at most `budget` bytes, at least one. */
function oldestUpTo(paths: string[], budget: number): string[] {
  let bytes = 0;
  let n = 0;
  while (n < paths.length) {
    bytes += sizeOf(paths[n]);
    if (n > 0 && bytes > budget) break;
    n += 1;
  }
  return paths.slice(0, n);
}

const sizeOf = (path: string) => {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
