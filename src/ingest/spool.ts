import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { StoredEvent } from '../store/store.js';

/** One acknowledged batch waiting to reach the store. */
export interface SpoolEntry {
  seq: number;
  workspaceId: string;
  events: StoredEvent[];
}

const segmentName = (n: number) => `segment-${String(n).padStart(8, '0')}.log`;
const maxSegmentBytes = 64 * 1024 * 1024;

/**
 * The write-ahead spool that makes an acknowledged event durable before the
 * response: batches are appended as JSON lines and fsynced with group commit
 * (every batch that arrives while a sync runs shares the next one). A flusher
 * moves them into the store and advances the checkpoint; on start, everything
 * after the checkpoint is replayed (the store ignores ids it already has).
 */
export class EventSpool {
  private fh!: FileHandle;
  private segment = 0;
  private segmentBytes = 0;
  private nextSeq = 1;
  private checkpoint = 0;
  private writing = false;
  private waiting: { line: string; entry: SpoolEntry; resolve: () => void; reject: (e: Error) => void }[] = [];
  /** Durable entries not yet in the store, oldest first. */
  readonly queue: SpoolEntry[] = [];
  private queuedEvents = 0;
  private segmentMaxSeq = new Map<number, number>();

  private constructor(private readonly dir: string) {}

  static async open(dir: string): Promise<EventSpool> {
    mkdirSync(dir, { recursive: true });
    const spool = new EventSpool(dir);
    spool.recover();
    spool.segment += 1;
    spool.fh = await open(join(dir, segmentName(spool.segment)), 'a');
    return spool;
  }

  get pendingEvents(): number {
    return this.queuedEvents;
  }

  /** Appends a batch; resolves once it is on disk (fsync). */
  append(workspaceId: string, events: StoredEvent[]): Promise<void> {
    const entry: SpoolEntry = { seq: this.nextSeq++, workspaceId, events };
    const line = JSON.stringify({ seq: entry.seq, w: workspaceId, e: events }) + '\n';
    return new Promise((resolve, reject) => {
      this.waiting.push({ line, entry, resolve, reject });
      if (!this.writing) void this.commit();
    });
  }

  private async commit(): Promise<void> {
    this.writing = true;
    while (this.waiting.length > 0) {
      const group = this.waiting;
      this.waiting = [];
      const data = group.map((g) => g.line).join('');
      try {
        await this.fh.write(data);
        await this.fh.datasync();
        this.segmentBytes += Buffer.byteLength(data);
        const last = group[group.length - 1].entry.seq;
        this.segmentMaxSeq.set(this.segment, last);
        for (const g of group) {
          this.queue.push(g.entry);
          this.queuedEvents += g.entry.events.length;
          g.resolve();
        }
        if (this.segmentBytes > maxSegmentBytes) await this.rotate();
      } catch (err) {
        for (const g of group) g.reject(err as Error);
      }
    }
    this.writing = false;
  }

  /** Takes up to `maxEvents` events' worth of entries from the head of the queue (they stay until `flushed`). */
  peek(maxEvents: number): SpoolEntry[] {
    const out: SpoolEntry[] = [];
    let n = 0;
    for (const entry of this.queue) {
      if (out.length > 0 && n + entry.events.length > maxEvents) break;
      out.push(entry);
      n += entry.events.length;
    }
    return out;
  }

  /** Records that the first `count` queued entries are in the store. */
  flushed(count: number): void {
    const done = this.queue.splice(0, count);
    if (done.length === 0) return;
    for (const e of done) this.queuedEvents -= e.events.length;
    this.checkpoint = done[done.length - 1].seq;
    const tmp = join(this.dir, 'checkpoint.json.tmp');
    writeFileSync(tmp, JSON.stringify({ seq: this.checkpoint }));
    renameSync(tmp, join(this.dir, 'checkpoint.json'));
    this.removeFlushedSegments();
  }

  async close(): Promise<void> {
    while (this.writing) await new Promise((r) => setTimeout(r, 5));
    await this.fh.close();
  }

  private async rotate(): Promise<void> {
    await this.fh.close();
    this.segment += 1;
    this.segmentBytes = 0;
    this.fh = await open(join(this.dir, segmentName(this.segment)), 'a');
  }

  private removeFlushedSegments(): void {
    for (const [segment, maxSeq] of this.segmentMaxSeq) {
      if (segment !== this.segment && maxSeq <= this.checkpoint) {
        rmSync(join(this.dir, segmentName(segment)), { force: true });
        this.segmentMaxSeq.delete(segment);
      }
    }
  }

  /** Reads the checkpoint and every segment; queues what was acknowledged but not yet stored. */
  private recover(): void {
    try {
      this.checkpoint = JSON.parse(readFileSync(join(this.dir, 'checkpoint.json'), 'utf8')).seq ?? 0;
    } catch {
      this.checkpoint = 0;
    }
    this.nextSeq = this.checkpoint + 1;
    const segments = readdirSync(this.dir)
      .filter((f) => /^segment-\d+\.log$/.test(f))
      .sort();
    for (const file of segments) {
      const n = Number(file.slice(8, 16));
      this.segment = Math.max(this.segment, n);
      const text = readFileSync(join(this.dir, file), 'utf8');
      let maxSeq = 0;
      for (const line of text.split('\n')) {
        if (!line) continue;
        let parsed: { seq: number; w: string; e: StoredEvent[] };
        try {
          parsed = JSON.parse(line);
        } catch {
          continue; // a torn last line: its batch was never acknowledged
        }
        maxSeq = Math.max(maxSeq, parsed.seq);
        this.nextSeq = Math.max(this.nextSeq, parsed.seq + 1);
        if (parsed.seq > this.checkpoint) {
          this.queue.push({ seq: parsed.seq, workspaceId: parsed.w, events: parsed.e });
          this.queuedEvents += parsed.e.length;
        }
      }
      this.segmentMaxSeq.set(n, maxSeq);
    }
    this.queue.sort((a, b) => a.seq - b.seq);
  }
}
