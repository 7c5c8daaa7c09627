/**
 * A load generator in its own process (so it does not share an event loop with
 * the server or the measuring bench): `tsx bench/lib/event-load.ts '<json>'`
 * with `{url, key, seconds, connections, rate?, prefix}` POSTs batches of 100
 * page views with unique ids to /v1/events through autocannon, and prints one
 * JSON line: acknowledged batches (2xx), failures and latencies.
 */
import autocannon from 'autocannon';

interface LoadOptions {
  url: string;
  key: string;
  seconds: number;
  connections: number;
  /** Requests per second over all connections; omitted: as fast as the server answers. */
  rate?: number;
  /** Event ids start with it, so runs never collide. */
  prefix: string;
}

export interface LoadReport {
  seconds: number;
  acked_batches: number;
  events_per_batch: number;
  acked_events_per_s: number;
  non_2xx: number;
  errors: number;
  timeouts: number;
  latency_ms: { p50: number; p90: number; p99: number; max: number };
}

const batchSize = 100;

/** The parts of an event that do not change, per position in the batch (cheap to build under load). */
const tails = Array.from({ length: batchSize }, (_, i) =>
  `"type":"page_view","anonymous_id":"a${i * 7919 % 50_000}","session_id":"s${i}","url":"https://shop.example/p/${i % 300}?utm_source=google&utm_medium=cpc",` +
  `"utm":{"source":"google","medium":"cpc","campaign":"c${i % 7}"}}`);

export async function runLoad(opts: LoadOptions): Promise<LoadReport> {
  let batch = 0;
  const body = () => {
    const b = batch++;
    const ts = new Date().toISOString();
    let text = '{"events":[';
    for (let i = 0; i < batchSize; i++) text += `${i ? ',' : ''}{"id":"${opts.prefix}-${b}-${i}","ts":"${ts}",${tails[i]}`;
    return `${text}]}`;
  };
  const result = await autocannon({
    url: `${opts.url}/v1/events`,
    method: 'POST',
    connections: opts.connections,
    duration: opts.seconds,
    ...(opts.rate ? { overallRate: opts.rate } : {}),
    headers: { authorization: `Bearer ${opts.key}`, 'content-type': 'application/json' },
    requests: [{ setupRequest: (req: Record<string, unknown>) => ({ ...req, body: body() }) }],
  });
  const acked = result['2xx'];
  return {
    seconds: opts.seconds,
    acked_batches: acked,
    events_per_batch: batchSize,
    acked_events_per_s: Math.round((acked * batchSize) / opts.seconds),
    non_2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    latency_ms: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
  };
}

if (process.argv[2]) {
  const report = await runLoad(JSON.parse(process.argv[2]) as LoadOptions);
  process.stdout.write(`${JSON.stringify(report)}\n`);
}
