import type { EventPipeline } from '../ingest/pipeline.js';
import type { Store } from '../store/store.js';
import type { Workspace } from '../records/workspace.js';
import type { Readiness } from './readiness.js';
import type { BrowserSessions } from './session/browser-sessions.js';

/** What every route needs: the store, the ingestor and the resolved credentials. */
export interface ServerContext {
  store: Store;
  ingestor: EventPipeline;
  adminToken: string;
  /** The workspace the admin token acts on. */
  workspaceId: string;
  /** Folder of the built dashboard (web/dist) and snippet (sdk/dist). */
  webDir: string;
  sdkFile: string;
  /** While the demo world loads: `/health` reports its progress and report routes answer 503 (see readiness.ts). */
  readiness?: Readiness;
  /** Where `/c/<slug>` sends a visitor when no link has that slug (from the config); unset: a neutral page. */
  linkFallbackUrl?: string;
  /** Sign-in codes and dashboard sessions (buildApp makes them when not given; tests give a clock). */
  sessions?: BrowserSessions;
  /** Workspaces by write key (buildApp makes the cache; imports forget it). */
  writeKeys?: WriteKeyCache;
}

/** Looks up workspaces by write key, caching the answer (write keys rarely change). */
export class WriteKeyCache {
  private readonly cache = new Map<string, Workspace | null>();
  constructor(private readonly store: Store) {}

  async find(key: string): Promise<Workspace | undefined> {
    if (this.cache.has(key)) return this.cache.get(key) ?? undefined;
    const ws = (await this.store.findWorkspaceByWriteKey(key)) ?? null;
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(key, ws);
    return ws ?? undefined;
  }

  forget(): void {
    this.cache.clear();
  }
}
