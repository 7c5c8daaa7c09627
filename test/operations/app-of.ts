/** A server app over an in-memory DuckDB store, for tests of the operation layer (no port, `app.inject`). */
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/server/app.js';
import type { ServerContext } from '../../src/server/context.js';
import type { EventPipeline } from '../../src/ingest/pipeline.js';
import { openWorkspace } from '../../src/server/start.js';
import { DuckDbStore } from '../../src/store/duckdb/duckdb-store.js';
import type { Store } from '../../src/store/store.js';

export interface TestApp {
  app: FastifyInstance;
  ctx: ServerContext;
  /** Workspaces whose channel rules the app told the pipeline to forget. */
  forgotten: string[];
  /** Every route the app registered, as `METHOD /path/:param`. */
  routes: string[];
  close(): Promise<void>;
}

/** The app with `register` run on it before it is ready (to add operations a test defines), on an in-memory DuckDB store unless `open` makes another; `extra` adds to its context (a clock's sessions). */
export async function appOf(register: (app: FastifyInstance, ctx: ServerContext) => void = () => undefined, open: () => Promise<Store> = () => DuckDbStore.open(':memory:'), extra: (store: Store) => Partial<ServerContext> = () => ({})): Promise<TestApp> {
  const store = await open();
  const { workspace } = await openWorkspace(store, {});
  const forgotten: string[] = [];
  // The events pipeline is not under test: nothing is pending, and forgetting rules is recorded.
  const ingestor: EventPipeline = {
    start: () => undefined,
    stop: async () => undefined,
    accept: async () => undefined,
    acceptNew: async (_ws, events) => ({ accepted: events.length, duplicates: 0 }),
    drain: async () => undefined,
    forgetRules: (ws) => void forgotten.push(ws),
    health: { pending_events: 0 },
  };
  const ctx: ServerContext = { store, ingestor, adminToken: 'adm', operatorKey: 'op', workspaceId: workspace.id, webDir: '/nonexistent', sdkFile: '/nonexistent', ...extra(store) };
  const routes: string[] = [];
  const app = await buildApp(ctx, { observeRoute: (method, url) => void routes.push(`${method} ${url}`) });
  register(app, ctx);
  await app.ready();
  return { app, ctx, forgotten, routes, close: async () => { await app.close(); await store.close(); } };
}
