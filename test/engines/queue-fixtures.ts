import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { DuckDBInstance } from '@duckdb/node-api';
import { connect } from 'nats';
import { defaultQueueConfig, type QueueConfig } from '../../src/config/queue-config.js';
import { ensureTopology } from '../../src/queue/topology.js';
import type { StoredEvent } from '../../src/records/events.js';

const root = new URL('../../', import.meta.url).pathname;

/** A stream, subject prefix and consumer of their own, so test runs never share messages. */
export function uniqueQueueConfig(overrides: Partial<QueueConfig> = {}): QueueConfig {
  const run = `${process.pid}_${randomBytes(4).toString('hex')}`;
  return { ...defaultQueueConfig, stream: `RLTEST_${run}`, subjectPrefix: `rltest.${run}`, durable: 'writer', ackWaitMs: 2_000, ...overrides };
}

/** Test streams older than this were left by an interrupted run and are removed. */
const staleMs = 60 * 60 * 1000;

/** Creates the test stream and consumer (with the test's short ack wait) before any process does. */
export async function createQueue(config: QueueConfig): Promise<void> {
  const nc = await connect({ servers: config.servers });
  try {
    const jsm = await nc.jetstreamManager();
    for await (const s of jsm.streams.list()) {
      if (s.config.name.startsWith('RLTEST_') && Date.now() - Date.parse(s.created) > staleMs) await jsm.streams.delete(s.config.name);
    }
    await ensureTopology(jsm, config);
  } finally {
    await nc.close();
  }
}

export async function deleteQueue(config: QueueConfig): Promise<void> {
  const nc = await connect({ servers: config.servers });
  try {
    await (await nc.jetstreamManager()).streams.delete(config.stream);
  } finally {
    await nc.close();
  }
}

/** Stream and consumer state: the last stream sequence, and batches not yet acknowledged by a writer. */
export async function queueState(config: QueueConfig): Promise<{ lastSeq: number; messages: number; pending: number; ackPending: number; ackFloor: number }> {
  const nc = await connect({ servers: config.servers });
  try {
    const jsm = await nc.jetstreamManager();
    const stream = await jsm.streams.info(config.stream);
    const consumer = await jsm.consumers.info(config.stream, config.durable);
    return {
      lastSeq: stream.state.last_seq, messages: stream.state.messages,
      pending: consumer.num_pending, ackPending: consumer.num_ack_pending, ackFloor: consumer.ack_floor.stream_seq,
    };
  } finally {
    await nc.close();
  }
}

/** Polls `check` until it is true; fails after `limitMs` (a hang guard, not a timing assertion). */
export async function waitUntil(what: string, check: () => boolean | Promise<boolean>, limitMs = 60_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Waits until every published batch was acknowledged by a writer. */
export async function waitQueueStored(config: QueueConfig): Promise<void> {
  await waitUntil('the writers to store every batch', async () => {
    const s = await queueState(config);
    return s.pending === 0 && s.ackPending === 0 && s.ackFloor === s.lastSeq;
  }, 120_000);
}

export function makeEvents(prefix: string, n: number, anonymousId = 'queue-visitor'): StoredEvent[] {
  const ts = '2024-05-01T12:00:00.000Z';
  return Array.from({ length: n }, (_, i) => ({
    id: `${prefix}-${i}`, type: 'page_view' as const, ts, anonymous_id: anonymousId, url: `https://shop.example/p/${i}`, channel: 'direct',
  }));
}

/** Event ids stored in a DuckDB file (opened after its writer has exited), with the total row count. */
export async function storedIds(dbFile: string): Promise<{ rows: number; ids: Set<string> }> {
  const instance = await DuckDBInstance.create(dbFile);
  const conn = await instance.connect();
  try {
    const reader = await conn.runAndReadAll('SELECT id FROM events');
    const ids = reader.getRows().map((r) => String(r[0]));
    return { rows: ids.length, ids: new Set(ids) };
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

/** A TypeScript entry point run as its own process (through tsx), with its stdout JSON lines. */
export class TsProcess {
  readonly lines: Record<string, unknown>[] = [];
  readonly exited: Promise<number | null>;
  private constructor(readonly child: ChildProcess) {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      try {
        this.lines.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        // not a status line
      }
    });
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  static start(entry: string, args: string[], env: Record<string, string> = {}): TsProcess {
    const child = spawn(process.execPath, ['--import', 'tsx', `${root}${entry}`, ...args], {
      cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'],
    });
    return new TsProcess(child);
  }

  async ready(): Promise<Record<string, unknown>> {
    await waitUntil(`${this.child.spawnargs[2]} to be ready`, () => this.lines.some((l) => l.ready) || this.child.exitCode !== null);
    const line = this.lines.find((l) => l.ready);
    if (!line) throw new Error(`process exited with ${this.child.exitCode} before it was ready`);
    return line;
  }

  /** The writer's `{"batch":…}` reports so far. */
  batches(): { messages: number; redelivered: number; events: number; inserted: number }[] {
    return this.lines.flatMap((l) => (l.batch ? [l.batch as { messages: number; redelivered: number; events: number; inserted: number }] : []));
  }

  async kill9(): Promise<void> {
    this.child.kill('SIGKILL');
    await this.exited;
  }

  async terminate(): Promise<number | null> {
    this.child.kill('SIGTERM');
    return this.exited;
  }
}
