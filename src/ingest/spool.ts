import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { StoredEvent } from '../records/events.js';

/** The event ids of one appended batch. */
export interface SpooledIds {
  workspaceId: string;
  ids: string[];
}

const segmentName = (n: number) => `segment-${String(n).padStart(10, '0')}.jsonl`;

/**
 * The write-ahead spool that makes an acknowledged event durable before the
 * response. Batches are appended to the open segment as JSON lines
 * (`{"w": workspace, "e": [events]}`) and fsynced with group commit: every batch
 * that arrives while a sync runs shares the next one. The flusher seals the
 * open segment, has the store bulk-load sealed segments, then deletes them.
 * On start every segment left on disk is sealed and loaded again; the store
 * ignores event ids it already has, so a crash at any point loses nothing and
 * stores nothing twice.
 */
export class EventSpool {
  private fh!: FileHandle;
  private segment = 0;
  private segmentEvents = 0;
  /** Every file operation runs in this chain, so a seal never closes a segment under a write. */
  private chain: Promise<unknown> = Promise.resolve();
  private commitQueued = false;
  private waiting: { line: string; batch: SpooledIds; resolve: () => void; reject: (e: Error) => void }[] = [];
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
    await spool.openNextSegment();
    return spool;
  }

  /** Events acknowledged but not yet in the store. */
  get pendingEvents(): number {
    return this.segmentEvents + this.sealed.reduce((s, x) => s + x.events, 0);
  }

  /** Appends a batch; resolves once it is on disk (fsync). */
  append(workspaceId: string, events: StoredEvent[]): Promise<void> {
    const line = JSON.stringify({ w: workspaceId, e: events }) + '\n';
    const batch = { workspaceId, ids: events.map((e) => e.id) };
    return new Promise((resolve, reject) => {
      this.waiting.push({ line, batch, resolve, reject });
      if (!this.commitQueued) {
        this.commitQueued = true;
        void this.serially(() => this.commit());
      }
    });
  }

  /** Writes and fsyncs every batch that arrived since the last commit, as one group. */
  private async commit(): Promise<void> {
    this.commitQueued = false;
    const group = this.waiting;
    this.waiting = [];
    if (group.length === 0) return;
    try {
      await this.fh.write(group.map((g) => g.line).join(''));
      await this.fh.datasync();
      for (const g of group) {
        this.segmentEvents += g.batch.ids.length;
        this.segmentIds.push(g.batch);
        g.resolve();
      }
    } catch (err) {
      for (const g of group) g.reject(err as Error);
    }
  }

  /** Closes the open segment (if it holds anything) and returns every sealed segment not yet stored. */
  seal(): Promise<string[]> {
    return this.serially(async () => {
      if (this.segmentEvents > 0) {
        await this.fh.close();
        this.sealed.push({ path: join(this.dir, segmentName(this.segment)), events: this.segmentEvents, ids: this.segmentIds });
        await this.openNextSegment();
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
    return this.serially(() => this.fh.close());
  }

  private serially<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.chain.then(fn);
    this.chain = result.catch(() => undefined);
    return result;
  }

  private async openNextSegment(): Promise<void> {
    this.segment += 1;
    this.segmentEvents = 0;
    this.segmentIds = [];
    this.fh = await open(join(this.dir, segmentName(this.segment)), 'a');
  }
}
