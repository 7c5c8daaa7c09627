/**
 * `GET /metrics` in Prometheus' text format for the operator (issue 12 #17): request rates and
 * latencies by route, the spool's (or the queue's) depth and the flusher's lag, events rejected
 * by reason, and the heavy-analysis pool. Behind the admin token or `ROILENS_METRICS_TOKEN`
 * (a credential for the monitoring system that opens nothing else); `/v1/metrics` is the KPI
 * registry, not this.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { metricsSettings } from '../../config/config.js';
import { AppError } from '../../shared/errors.js';
import { heavyQueueDepth, observeHeavyJobs } from '../../shared/workers/heavy-pool.js';
import type { ServerContext } from '../context.js';

/** Routes whose answers say which events were rejected and why. */
const trackingRoutes = new Set(['/v1/events', '/v1/postback', '/p.gif', '/v1/track', '/v1/batch', '/v1/identify', '/v1/page', '/v1/screen', '/v1/group', '/v1/alias', '/mp/collect']);

/** Registers `/metrics` and the hooks that feed it (one registry per app, so test servers do not share counts). */
export function registerPrometheus(app: FastifyInstance, ctx: ServerContext, settings: { token?: string } = metricsSettings()): void {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'roilens_' });

  const requests = new Counter({ name: 'roilens_http_requests_total', help: 'HTTP requests answered, by method, route pattern and status', labelNames: ['method', 'route', 'status'] as const, registers: [registry] });
  const latency = new Histogram({
    name: 'roilens_http_request_duration_seconds',
    help: 'Time from the request to its answer, by method and route pattern',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [registry],
  });
  const rejected = new Counter({
    name: 'roilens_events_rejected_total',
    help: 'Tracking events refused: per event by the field at fault (from the answer\'s `rejected` list), per request by its error code (unauthorized, rate_limited, overloaded, payload_too_large, …)',
    labelNames: ['reason'] as const,
    registers: [registry],
  });
  new Gauge({ name: 'roilens_ingest_pending_events', help: 'Accepted events not yet in the store: the spool (embedded) or this node\'s unstored queue messages (scale-out)', registers: [registry], collect() {
    this.set(ctx.ingestor.health.pending_events);
  } });
  const lag = new FlusherLag(() => ctx.ingestor.health.pending_events);
  new Gauge({ name: 'roilens_ingest_flusher_lag_seconds', help: 'How long events have been waiting for the store without the backlog emptying (0 when nothing waits)', registers: [registry], collect() {
    this.set(lag.seconds());
  } });
  new Gauge({ name: 'roilens_ingest_errors', help: '1 while the last store write failed (see /health last_error), else 0', registers: [registry], collect() {
    this.set(ctx.ingestor.health.last_error ? 1 : 0);
  } });
  new Gauge({ name: 'roilens_analysis_queue_depth', help: 'Heavy analyses waiting for a worker thread and running on one', labelNames: ['state'] as const, registers: [registry], collect() {
    const depth = heavyQueueDepth();
    this.set({ state: 'waiting' }, depth.waiting);
    this.set({ state: 'running' }, depth.running);
  } });
  const jobs = new Counter({ name: 'roilens_analysis_jobs_total', help: 'Heavy analyses by job and outcome (ok, failed, timed_out past the time budget, rejected by a full queue, cancelled when the client left)', labelNames: ['job', 'outcome'] as const, registers: [registry] });
  const jobTime = new Histogram({ name: 'roilens_analysis_job_duration_seconds', help: 'Time of heavy analyses, queue included, by job', labelNames: ['job'] as const, buckets: [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120], registers: [registry] });
  const stopObserving = observeHeavyJobs((job, outcome, seconds) => {
    jobs.inc({ job, outcome });
    jobTime.observe({ job }, seconds);
  });

  app.addHook('onResponse', async (req, reply) => {
    const route = routeOf(req);
    const method = req.method;
    requests.inc({ method, route, status: String(reply.statusCode) });
    latency.observe({ method, route }, reply.elapsedTime / 1000);
  });
  app.addHook('onSend', async (req, reply, payload) => {
    if (!trackingRoutes.has(routeOf(req))) return payload;
    for (const reason of rejectionReasons(reply.statusCode, payload)) rejected.inc({ reason });
    return payload;
  });
  app.addHook('onClose', async () => {
    stopObserving();
    lag.stop();
  });

  app.get('/metrics', { schema: { summary: 'Operator metrics in Prometheus text format (admin token or ROILENS_METRICS_TOKEN)', tags: ['meta'], security: [{ secretKey: [] }], response: { 200: { description: 'the Prometheus text exposition format', content: { 'text/plain': { schema: { type: 'string' } } } } } } }, async (req, reply) => {
    await requireScraper(req, ctx, settings.token);
    return reply.type(registry.contentType).send(await registry.metrics());
  });
}

/** The route pattern (`/v1/customers/:id`), so labels stay few; `unmatched` for 404s of unknown paths. */
function routeOf(req: FastifyRequest): string {
  return req.routeOptions.url ?? 'unmatched';
}

/** The bearer credential must be the metrics token, or an owner-level key: the admin token (an `admin` secret key of the default workspace) or the operator's. */
async function requireScraper(req: FastifyRequest, ctx: ServerContext, metricsToken: string | undefined): Promise<void> {
  const header = req.headers.authorization;
  const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : '';
  if (token && metricsToken !== undefined && sameSecret(token, metricsToken)) return;
  const credential = token ? await ctx.credentials?.resolve(token) : undefined;
  if (credential?.kind === 'operator') return;
  if (credential?.kind === 'secret-key' && credential.workspaceId === ctx.workspaceId && credential.scopes.includes('admin')) return;
  throw new AppError('unauthorized', 'missing or unknown credential: send Authorization: Bearer <admin token or ROILENS_METRICS_TOKEN>');
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Why events were refused, from a tracking answer: each entry of `rejected` by the first segment
 * of its first error's path (`revenue`, `ts`, …); a refused request by its error code.
 */
export function rejectionReasons(status: number, payload: unknown): string[] {
  const text = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : undefined;
  if (text === undefined || !text.startsWith('{')) return [];
  if (status >= 400 && !text.includes('"rejected"')) {
    const code = /"error":"([a-z_]{1,40})"/.exec(text)?.[1];
    return code ? [code] : [];
  }
  if (!text.includes('"rejected":[{')) return [];
  try {
    const body = JSON.parse(text) as { rejected?: { errors?: { path?: string }[] }[] };
    return (body.rejected ?? []).map((r) => labelOf(r.errors?.[0]?.path));
  } catch {
    return [];
  }
}

/** `events.3.revenue.currency` or `revenue.currency` → `revenue`; anything odd → `other`. */
function labelOf(path: string | undefined): string {
  const field = (path ?? '').replace(/^events\.\d+\./, '').split('.')[0];
  return /^[a-z_]{1,32}$/.test(field) ? field : 'other';
}

/** Seconds since the ingest backlog was last seen empty, sampled every second. */
class FlusherLag {
  private emptyAt = Date.now();
  private readonly timer: NodeJS.Timeout;
  constructor(private readonly pending: () => number) {
    this.timer = setInterval(() => this.sample(), 1000);
    this.timer.unref();
  }

  private sample(): void {
    if (this.pending() === 0) this.emptyAt = Date.now();
  }

  seconds(): number {
    this.sample();
    return this.pending() === 0 ? 0 : (Date.now() - this.emptyAt) / 1000;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
