/**
 * Whether the server has its data yet. `roilens start` listens first and
 * loads the demo world afterwards, so the port answers at once: `/health`
 * reports `{"status":"loading","progress":{"done","total"}}` (503) until the
 * load ends, and report routes answer 503 `unavailable` with Retry-After
 * instead of figures from a half-loaded world.
 */
export interface LoadingStatus {
  status: 'loading' | 'failed';
  /** Records stored so far out of all records of the load (0 of 0 while the world is being generated). */
  progress: { done: number; total: number };
  /**
   * What is being loaded now: `generating`, `events`, `rates`, `spend`, `orders`, `leads`, `truth`;
   * then `summaries` (every record stored; the rollups, partner ledger and CLV fit being built).
   */
  step: string;
  message?: string;
}

export class Readiness {
  private status: LoadingStatus | undefined;

  /** Undefined once ready (or when nothing was ever loaded). */
  get loading(): Readonly<LoadingStatus> | undefined {
    return this.status;
  }

  begin(step: string): void {
    this.status = { status: 'loading', progress: { done: 0, total: 0 }, step };
  }

  progress(done: number, total: number, step: string): void {
    this.status = { status: 'loading', progress: { done, total }, step };
  }

  /** A step after the records are stored (`summaries`): the progress stays where it is. */
  step(step: string): void {
    this.status = { status: 'loading', progress: this.status?.progress ?? { done: 0, total: 0 }, step };
  }

  fail(message: string): void {
    this.status = { status: 'failed', progress: this.status?.progress ?? { done: 0, total: 0 }, step: this.status?.step ?? 'generating', message };
  }

  ready(): void {
    this.status = undefined;
  }
}

/**
 * Requests that still work while the data loads: health, the dashboard's
 * files, the docs, and tracking (accepted events wait in the spool).
 */
export function answersWhileLoading(method: string, url: string): boolean {
  const path = url.split('?')[0];
  if (!path.startsWith('/v1/')) return true;
  if (method === 'OPTIONS' || path === '/v1/metrics' || path === '/v1/postback') return true;
  if (path === '/v1/session' || path === '/v1/session/codes') return true; // signing in needs no data
  return method === 'POST' && path === '/v1/events';
}
