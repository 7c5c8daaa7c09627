import type { EventPipeline } from '../ingest/pipeline.js';
import type { Store } from '../store/store.js';
import type { Credentials } from './credentials.js';
import type { Readiness } from './readiness.js';
import type { BrowserSessions } from './session/browser-sessions.js';
import type { PersonSessions } from './session/person-sessions.js';

/** What every route needs: the store, the ingestor and the resolved credentials. */
export interface ServerContext {
  store: Store;
  ingestor: EventPipeline;
  /** `ROILENS_ADMIN_TOKEN` (held in memory, never stored): an owner's secret key of the default workspace. The generated one is a stored key (`open-workspace.ts`). */
  adminToken?: string;
  /** The default workspace: the admin token's, the session's, and the operator's unless it names another. */
  workspaceId: string;
  /** The CLI's key through this server (`<db>.server.json`): the installation's operator, in any workspace it names. */
  operatorKey?: string;
  /** Folder of the built dashboard (web/dist) and snippet (sdk/dist). */
  webDir: string;
  sdkFile: string;
  /** While the demo world loads: `/health` reports its progress and report routes answer 503 (see readiness.ts). */
  readiness?: Readiness;
  /** Where `/c/<slug>` sends a visitor when no link has that slug (from the config); unset: a neutral page. */
  linkFallbackUrl?: string;
  /** Sign-in codes and dashboard sessions (buildApp makes them when not given; tests give a clock). */
  sessions?: BrowserSessions;
  /** People's sessions and sign-in limits (buildApp makes them from the config when not given; tests give a clock). */
  people?: PersonSessions;
  /** Keys and tokens by what they are (buildApp makes the cache; revoking, archiving and imports forget it). */
  credentials?: Credentials;
}
