import { randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ingestor } from '../ingest/ingestor.js';
import { EventSpool } from '../ingest/spool.js';
import { analysisSettings, defaultDuckdbMemory, type AnalysisSettings, type TrustProxy } from '../config/config.js';
import { clickhouseTopology, type ScaleSettings } from '../config/scale-config.js';
import type { EventPipeline } from '../ingest/pipeline.js';
import { JetStreamSink } from '../queue/jetstream-sink.js';
import { useWorkerThreads } from '../shared/workers/heavy-pool.js';
import { queueConfigFromScale } from '../config/queue-config.js';
import { QueueIngestor } from '../queue/queue-ingestor.js';
import { DuckDbStore } from '../store/duckdb/duckdb-store.js';
import { ScaleStore } from '../store/scale/scale-store.js';
import type { Store } from '../store/store.js';
import { defaultWorkspaceId } from '../records/workspace.js';
import { buildApp } from './app.js';
import { loadDemoWorld } from './demo-load.js';
import { Readiness } from './readiness.js';
import { signInUrl } from '../operations/session/session-cookie.js';
import { BrowserSessions } from './session/browser-sessions.js';
import { ensureFirstOwner } from './first-owner.js';
import { firstOwnerEmail } from '../config/people-config.js';
import { installSealingKey } from '../config/sealing-key.js';
import { openWorkspace, serverInfoPath } from './open-workspace.js';
import { startLedgerSchedule } from './ledger-schedule.js';
import { SummaryBuilds } from './summaries.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface StartOptions {
  dbPath: string;
  /** 0 picks a free port. */
  port?: number;
  /** The interface to listen on (default 127.0.0.1: only this machine; `0.0.0.0` for every interface). */
  host?: string;
  /** Which proxies' forwarded headers to believe (default false: the socket's address is the client). */
  trustProxy?: TrustProxy;
  writeKey?: string;
  adminToken?: string;
  /** Load a demo world when the database is empty (default: the full demo, ending on the generator's reference day). */
  demo?: { seed?: number; days?: number; visitors?: number; endDate?: string } | false;
  /**
   * Return only once the demo world is loaded (default true). The port answers
   * either way: `/health` says 503 loading with the progress until it is.
   */
  waitForDemo?: boolean;
  quiet?: boolean;
  /** DuckDB memory limit, e.g. "1GB" (the default). */
  memoryLimit?: string;
  /** Scale-out mode: PostgreSQL + ClickHouse behind NATS JetStream instead of the DuckDB file. */
  scale?: ScaleSettings;
  /** Where `/c/<slug>` sends a visitor when no link has that slug (`ROILENS_LINK_FALLBACK_URL`). */
  linkFallbackUrl?: string;
  /** Sign-in codes and dashboard sessions (tests pass a clock); default: 15-minute codes, 7-day sessions. */
  sessions?: BrowserSessions;
  /** The e-mail of the owner a database without people gets (default `ROILENS_OWNER_EMAIL`, else owner@localhost). */
  ownerEmail?: string;
  /** Worker threads and time budget of heavy analyses (default: `ROILENS_ANALYSIS_THREADS`, `ROILENS_ANALYSIS_TIME_BUDGET`). */
  analysis?: AnalysisSettings;
}

export interface RunningServer {
  url: string;
  /** `ROILENS_ADMIN_TOKEN`, or the owner's secret key made at this start (a new database); undefined when it is only stored hashed. */
  adminToken?: string;
  writeKey: string;
  /** A fresh dashboard link with a single-use sign-in code (valid 15 minutes); never the admin token. */
  signInLink(): string;
  /** On a database without people: the owner this start created and their single-use sign-in link (15 minutes). */
  firstOwner?: { email: string; url: string; expiresAt: Date };
  /** Settles when the data is loaded (at once without a demo load). */
  ready: Promise<void>;
  close(): Promise<void>;
}

export { defaultWorkspaceId };

export { openWorkspace, serverInfoPath } from './open-workspace.js';

/** Opens the scale-out store (PostgreSQL metadata + ClickHouse events) of a configuration. */
export function openScaleStore(cfg: ScaleSettings): Promise<ScaleStore> {
  return ScaleStore.open({ postgres: { url: cfg.postgres.url, schema: cfg.postgres.schema }, clickhouse: clickhouseTopology(cfg) });
}

/**
 * Starts API, tracking endpoints and dashboard: on one DuckDB file with its
 * spool (embedded), or as a stateless ingest node in front of JetStream,
 * PostgreSQL and ClickHouse (scale-out; `roilens writer` moves the events).
 */
export async function startServer(opts: StartOptions): Promise<RunningServer> {
  const log = (msg: string) => opts.quiet || process.stdout.write(`${msg}\n`);
  // Partners' payout details are sealed with it (ROILENS_SEALING_KEY, else <db>.sealing.key).
  installSealingKey(opts.dbPath);
  // DuckDB would take 80% of RAM by default; the server keeps its footprint bounded and spills to disk.
  const store: Store = opts.scale ? await openScaleStore(opts.scale) : await DuckDbStore.open(opts.dbPath, { memoryLimit: opts.memoryLimit ?? defaultDuckdbMemory });
  const { workspace, adminToken } = await openWorkspace(store, opts);

  // The port opens first and the demo world loads behind it (`/health` shows the progress).
  const demo = opts.demo !== false && (await store.countEvents(workspace.id)) === 0 ? (opts.demo ?? {}) : undefined;
  const readiness = new Readiness();
  if (demo) readiness.begin('generating');

  let pipeline: EventPipeline;
  let closePipeline: () => Promise<void>;
  if (opts.scale) {
    const sink = await JetStreamSink.connect(queueConfigFromScale(opts.scale.nats));
    pipeline = new QueueIngestor(store, sink, { log: (m) => process.stderr.write(`${m}\n`) });
    closePipeline = async () => {
      await pipeline.stop();
      await sink.close();
    };
  } else {
    const spool = await EventSpool.open(`${opts.dbPath}.spool`);
    pipeline = new Ingestor(store, spool, { flushIntervalMs: 100, log: (m) => process.stderr.write(`${m}\n`) });
    if (spool.pendingEvents > 0) log('roilens: loading acknowledged events left in the spool');
    closePipeline = async () => {
      await pipeline.stop();
      await spool.close();
    };
  }
  pipeline.start();
  if (!opts.scale) await pipeline.drain();

  // CLV fits, budget plans and attribution models compute on worker threads, so the event loop keeps answering.
  const releaseWorkers = useWorkerThreads(opts.analysis ?? analysisSettings());
  const sessions = opts.sessions ?? new BrowserSessions();
  // The CLI's key through this server (design.md "The CLI"): the installation's operator, valid while this process runs.
  const operatorKey = `rl_op_${randomBytes(32).toString('base64url')}`;
  const app = await buildApp({
    store, sessions, ingestor: pipeline, adminToken, operatorKey, workspaceId: workspace.id, readiness,
    webDir: join(root, 'web', 'dist'), sdkFile: join(root, 'sdk', 'dist', 's.js'), linkFallbackUrl: opts.linkFallbackUrl,
  }, { trustProxy: opts.trustProxy ?? false });
  await app.listen({ port: opts.port ?? 8080, host: opts.host ?? '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  const host = opts.host ?? '127.0.0.1';
  const shownHost = ['127.0.0.1', '0.0.0.0', '::', '::1', 'localhost'].includes(host) ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  const url = `http://${shownHost}:${port}`;
  const info = opts.scale ? undefined : serverInfoPath(opts.dbPath);
  const firstOwner = await ensureFirstOwner(store, workspace.id, opts.ownerEmail ?? firstOwnerEmail(), url);
  if (info) writeFileSync(info, JSON.stringify({ url, operator_key: operatorKey, pid: process.pid }), { mode: 0o600 });
  const schedule = startLedgerSchedule(store, pipeline);

  // The summaries the first reports would build (src/server/summaries.ts): after the demo load, before ready; else at every start, behind it.
  const summaries = new SummaryBuilds(store, log);
  if (!demo) void summaries.everyWorkspace();
  const ready = demo
    ? loadDemoWorld(store, workspace, demo, readiness, log, () => summaries.workspace(workspace.id)).catch((err: Error) => {
        readiness.fail(err.message);
        process.stderr.write(`roilens: the demo world failed to load: ${err.message}\n`);
        throw err;
      })
    : Promise.resolve();
  ready.catch(() => undefined);

  let closed = false;
  const server: RunningServer = {
    url,
    adminToken,
    writeKey: workspace.write_key,
    signInLink: () => signInUrl(url, sessions.mintCode('admin').code),
    ...(firstOwner ? { firstOwner } : {}),
    ready,
    async close() {
      if (closed) return;
      closed = true;
      await app.close();
      await schedule.stop();
      await summaries.stop();
      // A half-stored world would stay half (the next start sees events): let the load finish first.
      if (readiness.loading?.status === 'loading') log('roilens: finishing the demo load before stopping…');
      await ready.catch(() => undefined);
      await closePipeline();
      await releaseWorkers();
      await store.close();
      if (info) rmSync(info, { force: true });
    },
  };
  if (opts.waitForDemo !== false) {
    try {
      await ready;
    } catch (err) {
      await server.close();
      throw err;
    }
  }
  return server;
}
