/**
 * Issue 14 "Concurrency and caching" on the demo world (as `npm start` loads it), over HTTP:
 * - the overview's `/v1/kpis?by=channel` asked again: answered from the result cache, against the
 *   same call with `Cache-Control: no-cache` (computed as every call was before the cache);
 * - two slow reads at once (KPIs by campaign and by day over the whole data range, no-cache): the
 *   wall time of both against each alone, with the DuckDB read pool (`ROILENS_DUCKDB_READERS`
 *   default) and with one read connection (as before the pool);
 * - a quick read (one day's KPIs) alone and sent while a slow one runs: with one read connection it
 *   waited for the slow one. Medians of 3; the load average is recorded because the machine is shared.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { startServer, type RunningServer } from '../src/server/start.js';
import { tempDir } from '../test/helpers/temp.js';

const tmp = tempDir('roilens-read-concurrency-');
const dbPath = `${tmp.dir}/demo.duckdb`;
const auth = { headers: { authorization: 'Bearer adm' } };
const fresh = { headers: { ...auth.headers, 'cache-control': 'no-cache' } };
const log = (msg: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${msg}`);

async function start(): Promise<RunningServer> {
  const server = await startServer({ dbPath, port: 0, quiet: true, adminToken: 'adm', writeKey: 'wk' });
  while ((await fetch(`${server.url}/health`)).status !== 200) await new Promise((resolve) => setTimeout(resolve, 500));
  return server;
}

async function timed(url: string, init: RequestInit): Promise<number> {
  const t = performance.now();
  const res = await fetch(url, init);
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return performance.now() - t;
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x: number) => Math.round(x * 10) / 10;

async function repeat(n: number, f: () => Promise<number>): Promise<number> {
  const runs: number[] = [];
  for (let i = 0; i < n; i++) runs.push(await f());
  return median(runs);
}

/** Each slow read alone, then both at once (wall time), medians of 3. */
async function twoAtOnce(server: RunningServer, paths: [string, string]) {
  const [a, b] = paths.map((p) => `${server.url}${p}`);
  const aloneA = await repeat(3, () => timed(a, fresh));
  const aloneB = await repeat(3, () => timed(b, fresh));
  const together = await repeat(3, async () => {
    const t = performance.now();
    await Promise.all([timed(a, fresh), timed(b, fresh)]);
    return performance.now() - t;
  });
  return { alone_ms: [ms(aloneA), ms(aloneB)], sum_alone_ms: ms(aloneA + aloneB), together_ms: ms(together), together_over_sum: Math.round((together / (aloneA + aloneB)) * 100) / 100 };
}

/** A quick read alone, and sent 100 ms into a slow read (medians of 3). */
async function quickBehindSlow(server: RunningServer, slowPath: string, quickPath: string) {
  const quick = `${server.url}${quickPath}`;
  const alone = await repeat(3, () => timed(quick, fresh));
  const behind = await repeat(3, async () => {
    const slowRead = timed(`${server.url}${slowPath}`, fresh);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const t = await timed(quick, fresh);
    await slowRead;
    return t;
  });
  return { quick_alone_ms: ms(alone), quick_during_slow_ms: ms(behind) };
}

log('starting the server on an empty file: it loads the demo world');
let server = await start();
const ws = (await (await fetch(`${server.url}/v1/workspace`, auth)).json()) as { data_from: string; data_to: string };
const whole = `from=${ws.data_from}&to=${ws.data_to}&compare=none`;
const overview = `${server.url}/v1/kpis?by=channel`;
log('measuring the repeated /v1/kpis call');
const cold = await timed(overview, auth);
const repeated = await repeat(5, () => timed(overview, auth));
const uncached = await repeat(5, () => timed(overview, fresh));
const slow: [string, string] = [`/v1/kpis?by=campaign&${whole}`, `/v1/kpis?by=day&${whole}`];
log('two slow reads at once, with the read pool');
const pooled = await twoAtOnce(server, slow);
const quickPath = `/v1/kpis?by=channel&from=${ws.data_to}&to=${ws.data_to}&compare=none`;
const quickPooled = await quickBehindSlow(server, slow[0], quickPath);
await server.close();

process.env.ROILENS_DUCKDB_READERS = '1';
log('two slow reads at once, with one read connection');
server = await start();
const single = await twoAtOnce(server, slow);
const quickSingle = await quickBehindSlow(server, slow[0], quickPath);
await server.close();
delete process.env.ROILENS_DUCKDB_READERS;

const result = {
  when: new Date().toISOString(),
  load_average: loadavg().map((x) => Math.round(x * 10) / 10),
  repeated_kpis: { path: '/v1/kpis?by=channel', first_ms: ms(cold), again_cached_ms: ms(repeated), again_no_cache_ms: ms(uncached), speedup: Math.round(uncached / repeated) },
  two_slow_reads: { paths: slow, read_pool: pooled, one_read_connection: single },
  quick_read_during_slow: { quick: quickPath, slow: slow[0], read_pool: quickPooled, one_read_connection: quickSingle },
};
console.log(JSON.stringify(result, null, 2));
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/read-concurrency.json', `${JSON.stringify(result, null, 2)}\n`);
tmp.cleanup();
