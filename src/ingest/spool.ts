import { closeSync, fdatasync, ftruncateSync, mkdirSync, openSync, readdirSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { StoredEvent } from '../records/events.js';

/** The event ids of one appended batch. */
export interface SpooledIds {
  workspaceId: string;
  ids: string[];
}

/** A batch written to the open segment, waiting for its fdatasync. */
interface Waiting {
  batch: SpooledIds;
  resolve: () => void;
  reject: (e: Error) => void;
}

const segmentName = (n: number) => `segment-${String(n).padStart(10, '0')}.jsonl`;

/**
 * The write-ahead spool that makes an acknowledged event durable before the
 * response. Batches are appended to the open segment as JSON lines
 * (`{"w": workspace, "e": [events]}`) and fsynced with group commit: every batch
 * that arrives while a sync runs shares the next one. A batch is written as it
 * arrives (a synchronous write into the page cache, a few microseconds): only the
 * fdatasync leaves the event loop, so a commit costs one trip to the thread pool,
 * not two (issue 14: under load the write's trip took as long as the sync). The flusher seals the
 * open segment, has the store bulk-load sealed segments, then deletes them.
 * On start every segment left on disk is sealed and loaded again; the store
 * ignores event ids it already has, so a crash at any point loses nothing and
 * stores nothing twice.
 */
export class EventSpool {
  private fd = -1;
  /** The bytes of the open segment that hold whole lines (a failed write is cut back to it). */
  private written = 0;
  private segment = 0;
  private segmentEvents = 0;
  /** Every file operation runs in this chain, so a seal never closes a segment under a write. */
  private chain: Promise<unknown> = Promise.resolve();
  private commitQueued = false;
  /** Batches written to the open segment and waiting for the next fdatasync. */
  private waiting: Waiting[] = [];
  /** The ids written to the open segment since it opened. */
  private segmentIds: SpooledIds[] = [];
  /** Sealed segments waiting for the store, oldest first, with their event counts and ids (unknown for segments found at open). */
  private sealed: { path: string; events: number; ids: SpooledIds[] }[] = [];

  private constructor(private readonly dir: string) {}

  static async open(dir: string): Promise<EventSpool> {
    mkdirSync(dir, { recursive: true });
    const spool = new EventSpool(dir);
    for (const file of readdirSync(dir).filter((f) => /^segment-\d+\.jsonl$/.test(f)).sort()) {
      const path = join(dir, file);
      spool.segment = Math.max(spool.segment, Number(file.slice(8, 18)));
      // The count is unknown until loaded; a non-empty file holds at least one event.
      if (statSync(path).size > 0) spool.sealed.push({ path, events: 1, ids: [] });
      else rmSync(path);
    }
    spool.openNextSegment();
    return spool;
  }

  /** Events acknowledged but not yet in the store. */
  get pendingEvents(): number {
    return this.segmentEvents + this.sealed.reduce((s, x) => s + x.events, 0);
  }

  /**
   * Appends a batch; resolves once it is on disk (fsync). The line is written at once, into the
   * segment open at that moment (a seal switches segments synchronously); a write that fails
   * is cut back to the last whole line, so no later line is glued to a torn one.
   */
  append(workspaceId: string, events: StoredEvent[]): Promise<void> {
    const line = Buffer.from(JSON.stringify({ w: workspaceId, e: events }) + '\n');
    try {
      for (let at = 0; at < line.length; ) at += writeSync(this.fd, line, at);
      this.written += line.length;
    } catch (err) {
      try {
        ftruncateSync(this.fd, this.written);
      } catch {
        // the segment stays as it is; a torn last line is skipped when it is loaded (`ignore_errors`)
      }
      return Promise.reject(err as Error);
    }
    const batch = { workspaceId, ids: events.map((e) => e.id) };
    return new Promise((resolve, reject) => {
      this.waiting.push({ batch, resolve, reject });
      if (!this.commitQueued) {
        this.commitQueued = true;
        void this.serially(() => this.commit());
      }
    });
  }

  /** Fsyncs every batch written since the last commit, as one group. */
  private async commit(): Promise<void> {
    this.commitQueued = false;
    const group = this.waiting;
    this.waiting = [];
    for (const batch of await synced(this.fd, group)) {
      this.segmentEvents += batch.ids.length;
      this.segmentIds.push(batch);
    }
  }

  /**
   * Closes the open segment (if it holds anything) and returns every sealed segment not yet stored.
   * The next segment opens at once, so batches arriving while the last ones are synced go there
   * (under steady load a seal that waited for a quiet moment would never come).
   */
  seal(): Promise<string[]> {
    return this.serially(async () => {
      if (this.segmentEvents > 0 || this.waiting.length > 0) {
        const fd = this.fd;
        const path = join(this.dir, segmentName(this.segment));
        const sealed = { path, events: this.segmentEvents, ids: this.segmentIds };
        const group = this.waiting;
        this.waiting = [];
        this.openNextSegment();
        for (const batch of await synced(fd, group)) {
          sealed.events += batch.ids.length;
          sealed.ids.push(batch);
        }
        closeSync(fd);
        if (sealed.events > 0) this.sealed.push(sealed);
        else rmSync(path, { force: true });
      }
      return this.sealed.map((s) => s.path);
    });
  }

  /** The store has these segments: delete them; answers the ids they held (those written since the spool opened). */
  stored(paths: string[]): SpooledIds[] {
    for (const path of paths) rmSync(path, { force: true });
    const done = new Set(paths);
    const ids = this.sealed.filter((s) => done.has(s.path)).flatMap((s) => s.ids);
    this.sealed = this.sealed.filter((s) => !done.has(s.path));
    return ids;
  }

  close(): Promise<void> {
    return this.serially(async () => {
      while (this.waiting.length) await this.commit();
      closeSync(this.fd);
    });
  }

  private serially<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.chain.then(fn);
    this.chain = result.catch(() => undefined);
    return result;
  }

  private openNextSegment(): void {
    this.segment += 1;
    this.segmentEvents = 0;
    this.segmentIds = [];
    this.written = 0;
    this.fd = openSync(join(this.dir, segmentName(this.segment)), 'a');
  }
}

const datasync = (fd: number) => new Promise<void>((resolve, reject) => fdatasync(fd, (err) => (err ? reject(err) : resolve())));

/** Fsyncs `fd` for a group of written batches and answers each: the batches now durable (none when the sync failed, each rejected). */
async function synced(fd: number, group: Waiting[]): Promise<SpooledIds[]> {
  if (group.length === 0) return [];
  try {
    await datasync(fd);
  } catch (err) {
    for (const g of group) g.reject(err as Error);
    return [];
  }
  for (const g of group) g.resolve();
  return group.map((g) => g.batch);
}
