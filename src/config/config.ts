import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import ipaddr from 'ipaddr.js';
import type { OutboundAllow, OutboundSettings } from '../shared/outbound/client.js';
import { invalid } from '../shared/errors.js';

/** Settings of a roilens process, read once at boot from flags and the environment. */
export interface Config {
  dbPath: string;
  port: number;
  /** The interface to listen on: 127.0.0.1 unless told otherwise (`--host`, `ROILENS_HOST`). */
  host: string;
  /**
   * Which proxies' X-Forwarded-For / -Proto / -Host the server believes (`ROILENS_TRUST_PROXY`): false (the default,
   * the socket's address is the client), true (any), or a comma-separated list of addresses / CIDR ranges.
   */
  trustProxy: TrustProxy;
  /** Fixed write key of the default workspace (otherwise generated once and kept in the database). */
  writeKey?: string;
  /** Fixed admin token (otherwise generated once and kept in the database). */
  adminToken?: string;
  /** Load the demo world into an empty database. */
  demo: boolean;
  /** DuckDB memory limit of the server (it spills to disk beyond it). */
  duckdbMemory: string;
  /** Where `/c/<slug>` sends a visitor when no link has that slug (`ROILENS_LINK_FALLBACK_URL`); unset: a neutral page. */
  linkFallbackUrl?: string;
}

/** How far the server trusts proxy headers (Fastify's `trustProxy`). */
export type TrustProxy = boolean | string[];

export const defaultDbPath = './data/roilens.duckdb';

/** Reads the environment (`PORT`, `ROILENS_DB`, `ROILENS_WRITE_KEY`, `ROILENS_ADMIN_TOKEN`, `ROILENS_HOST`, `ROILENS_TRUST_PROXY`, `ROILENS_DEMO`, `ROILENS_DUCKDB_MEMORY`, `ROILENS_LINK_FALLBACK_URL`); flags win. Outbound settings: `outboundSettings`. */
export function loadConfig(flags: { db?: string; port?: string | number; host?: string } = {}, env: NodeJS.ProcessEnv = process.env): Readonly<Config> {
  const portText = flags.port ?? env.PORT ?? '8080';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw invalid('--port', `expected a port number, got "${portText}"`);
  // Settings read where they are used, checked here so a bad value stops the boot, naming it.
  outboundSettings(env);
  rateLimitSettings(env);
  analysisSettings(env);
  metricsSettings(env);
  return Object.freeze({
    dbPath: resolve(flags.db ?? env.ROILENS_DB ?? defaultDbPath),
    port,
    host: flags.host || env.ROILENS_HOST || '127.0.0.1',
    trustProxy: trustProxyOf(env.ROILENS_TRUST_PROXY),
    ...fixedCredentials(env),
    demo: !['0', 'false', 'no'].includes((env.ROILENS_DEMO ?? '1').toLowerCase()),
    duckdbMemory: duckdbMemory(env),
    linkFallbackUrl: env.ROILENS_LINK_FALLBACK_URL ? httpUrl(env.ROILENS_LINK_FALLBACK_URL, 'ROILENS_LINK_FALLBACK_URL') : undefined,
  });
}

/** DuckDB's memory limit when `ROILENS_DUCKDB_MEMORY` is unset, the same for every process (server, CLI, ingest node, writer). */
export const defaultDuckdbMemory = '1GB';

/** The DuckDB memory limit of this process (`ROILENS_DUCKDB_MEMORY`, else `defaultDuckdbMemory`); DuckDB spills to disk beyond it. */
export function duckdbMemory(env: NodeJS.ProcessEnv = process.env): string {
  return env.ROILENS_DUCKDB_MEMORY || defaultDuckdbMemory;
}

/**
 * How many read connections a DuckDB file keeps (`ROILENS_DUCKDB_READERS`, 1 to 16): reads run on them
 * at once while writes stay on the one write connection. Default: the cores, at least 2 and at most 4
 * (on 2 cores, two slow pages answer side by side instead of one after the other).
 */
export function duckdbReaders(env: NodeJS.ProcessEnv = process.env): number {
  const text = env.ROILENS_DUCKDB_READERS?.trim();
  const readers = text ? Number(text) : Math.max(2, Math.min(4, availableParallelism()));
  if (!Number.isInteger(readers) || readers < 1 || readers > 16) throw invalid('ROILENS_DUCKDB_READERS', `expected a whole number from 1 to 16, got "${text}"`);
  return readers;
}

/**
 * The result cache of read operations (issue 14): `ROILENS_RESULT_CACHE_MB` bytes of answers (default 64,
 * 0 keeps none), and `ROILENS_RESULT_CACHE_SCALE_TTL_MS`, how long an answer lives on the scale-out store,
 * whose writers run in other processes (default 1000; the embedded store sees every write and needs none).
 */
export function resultCacheSettings(env: NodeJS.ProcessEnv = process.env): Readonly<{ maxBytes: number; scaleTtlMs: number }> {
  const mbText = env.ROILENS_RESULT_CACHE_MB?.trim();
  const mb = mbText ? Number(mbText) : 64;
  if (!(Number.isFinite(mb) && mb >= 0 && mb <= 65_536)) throw invalid('ROILENS_RESULT_CACHE_MB', `expected megabytes from 0 to 65536, got "${mbText}"`);
  const ttlText = env.ROILENS_RESULT_CACHE_SCALE_TTL_MS?.trim();
  const ttl = ttlText ? Number(ttlText) : 1000;
  if (!(Number.isInteger(ttl) && ttl >= 0 && ttl <= 3_600_000)) throw invalid('ROILENS_RESULT_CACHE_SCALE_TTL_MS', `expected whole milliseconds from 0 to 3600000, got "${ttlText}"`);
  return Object.freeze({ maxBytes: Math.round(mb * 1024 * 1024), scaleTtlMs: ttl });
}

/** The fixed write key and admin token of the default workspace (`ROILENS_WRITE_KEY`, `ROILENS_ADMIN_TOKEN`); unset: generated once and kept in the database. */
export function fixedCredentials(env: NodeJS.ProcessEnv = process.env): Readonly<{ writeKey?: string; adminToken?: string }> {
  return Object.freeze({ writeKey: env.ROILENS_WRITE_KEY || undefined, adminToken: env.ROILENS_ADMIN_TOKEN || undefined });
}

/** How long a ClickHouse request may stay unanswered before it fails as unavailable (`ROILENS_CLICKHOUSE_TIMEOUT_MS`, default 120000). */
export function clickhouseTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  return Number(env.ROILENS_CLICKHOUSE_TIMEOUT_MS ?? 120_000);
}

/** Parses `ROILENS_TRUST_PROXY`: unset/false/no/0 → false, true/yes → true, else addresses / CIDR ranges (or loopback, linklocal, uniquelocal). */
export function trustProxyOf(value: string | undefined): TrustProxy {
  const text = (value ?? '').trim();
  if (['', '0', 'false', 'no', 'off'].includes(text.toLowerCase())) return false;
  if (['true', 'yes', 'on'].includes(text.toLowerCase())) return true;
  const list = text.split(',').map((s) => s.trim()).filter(Boolean);
  for (const item of list) {
    if (!/^[0-9a-f:.]+(\/[0-9]{1,3})?$/i.test(item) && !['loopback', 'linklocal', 'uniquelocal'].includes(item)) {
      throw invalid('ROILENS_TRUST_PROXY', `"${item}" is not an address, a CIDR range, loopback, linklocal or uniquelocal (or true)`);
    }
  }
  return list;
}

/** The headless Chromium that renders PDFs (partner statements): `ROILENS_CHROMIUM`, else Debian's `/usr/bin/chromium`. */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.ROILENS_CHROMIUM || '/usr/bin/chromium';
}

/** Reads `ROILENS_OUTBOUND_ALLOW` and `ROILENS_OUTBOUND_SECRET` (a bad allow-list entry throws, naming the setting). */
export function outboundSettings(env: NodeJS.ProcessEnv = process.env): OutboundSettings {
  return { allow: outboundAllowOf(env.ROILENS_OUTBOUND_ALLOW), secret: env.ROILENS_OUTBOUND_SECRET || undefined };
}

/** Parses `ROILENS_OUTBOUND_ALLOW`: `hooks.internal, 10.0.0.0/8, 127.0.0.1, ::1, [fd00::]/8`. */
export function outboundAllowOf(value: string | undefined): OutboundAllow {
  const hosts = new Set<string>();
  const ranges: [ipaddr.IPv4 | ipaddr.IPv6, number][] = [];
  for (const raw of (value ?? '').split(',')) {
    const item = raw.trim().toLowerCase().replace(/^\[([^\]]*)\]/, '$1');
    if (item === '') continue;
    if (item.includes('/')) {
      try {
        ranges.push(ipaddr.parseCIDR(item));
      } catch {
        throw invalid('ROILENS_OUTBOUND_ALLOW', `"${raw.trim()}" is not a CIDR range`);
      }
    } else if (ipaddr.isValid(item)) {
      const addr = ipaddr.process(item);
      ranges.push([addr, addr.kind() === 'ipv4' ? 32 : 128]);
    } else if (/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*\.?$/.test(item)) {
      hosts.add(item.replace(/\.$/, ''));
    } else {
      throw invalid('ROILENS_OUTBOUND_ALLOW', `"${raw.trim()}" is not a host name, an address or a CIDR range`);
    }
  }
  return { hosts, ranges };
}

/**
 * Rate limits (issue 12 #10), per window of `ROILENS_RATE_LIMIT_WINDOW` seconds (60): tracking requests
 * per client address (`ROILENS_RATE_LIMIT_IP`, 600000) and per write key or postback source
 * (`ROILENS_RATE_LIMIT_KEY`, 1200000), API requests per principal (`ROILENS_RATE_LIMIT_API`, 6000).
 * 0 turns a limit off. The defaults stay out of the way of the ingest benchmark (10,000 single events/s
 * from one address) and the dashboard.
 */
export interface RateLimitSettings {
  windowSeconds: number;
  trackingPerIp: number;
  trackingPerKey: number;
  apiPerPrincipal: number;
}

/** Reads the `ROILENS_RATE_LIMIT_*` settings (a bad value throws, naming the setting). */
export function rateLimitSettings(env: NodeJS.ProcessEnv = process.env): RateLimitSettings {
  const count = (name: string, fallback: number, min = 0): number => {
    const text = env[name]?.trim();
    if (text === undefined || text === '') return fallback;
    const n = Number(text);
    if (!Number.isInteger(n) || n < min) throw invalid(name, `expected a whole number ≥ ${min}, got "${text}"`);
    return n;
  };
  return {
    windowSeconds: count('ROILENS_RATE_LIMIT_WINDOW', 60, 1),
    trackingPerIp: count('ROILENS_RATE_LIMIT_IP', 600_000),
    trackingPerKey: count('ROILENS_RATE_LIMIT_KEY', 1_200_000),
    apiPerPrincipal: count('ROILENS_RATE_LIMIT_API', 6_000),
  };
}

/**
 * Heavy analyses (CLV fits, the marketing-mix fit and budget plan, Markov and Shapley; issue 12 #7)
 * run on `ROILENS_ANALYSIS_THREADS` worker threads (default: the cores but one, 1 to 4; 0 runs them
 * on the event loop) within `ROILENS_ANALYSIS_TIME_BUDGET` seconds each (default 60, fractions
 * allowed), past which the worker is stopped and the request answers 503 `unavailable` with Retry-After.
 */
export interface AnalysisSettings {
  threads: number;
  timeBudgetMs: number;
}

/** Reads the `ROILENS_ANALYSIS_*` settings (a bad value throws, naming the setting). */
export function analysisSettings(env: NodeJS.ProcessEnv = process.env): AnalysisSettings {
  const threadsText = env.ROILENS_ANALYSIS_THREADS?.trim();
  const threads = threadsText ? Number(threadsText) : Math.max(1, Math.min(4, availableParallelism() - 1));
  if (!Number.isInteger(threads) || threads < 0 || threads > 64) throw invalid('ROILENS_ANALYSIS_THREADS', `expected a whole number from 0 to 64, got "${threadsText}"`);
  const budgetText = env.ROILENS_ANALYSIS_TIME_BUDGET?.trim();
  const seconds = budgetText ? Number(budgetText) : 60;
  if (!(Number.isFinite(seconds) && seconds > 0 && seconds <= 86_400)) throw invalid('ROILENS_ANALYSIS_TIME_BUDGET', `expected seconds above 0 (at most 86400), got "${budgetText}"`);
  return { threads, timeBudgetMs: Math.round(seconds * 1000) };
}

/**
 * Who may scrape `/metrics` (issue 12 #17): the admin token, or `ROILENS_METRICS_TOKEN` when set
 * (a credential for the monitoring system that opens nothing else).
 */
export function metricsSettings(env: NodeJS.ProcessEnv = process.env): { token?: string } {
  const token = env.ROILENS_METRICS_TOKEN?.trim();
  if (token !== undefined && token !== '' && token.length < 16) throw invalid('ROILENS_METRICS_TOKEN', 'use at least 16 characters');
  return { token: token || undefined };
}

/** An absolute http(s) URL, or a boot error naming the setting. */
function httpUrl(value: string, name: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalid(name, `"${value}" is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalid(name, `must be an http or https URL, got "${value}"`);
  return url.toString();
}

/** Settings of CLI commands that need no server: the fixed write key and whether to print stack traces. */
export function cliSettings(env: NodeJS.ProcessEnv = process.env): Readonly<{ writeKey?: string; debug: boolean; traceStartup: boolean }> {
  // ROILENS_TRACE_STARTUP=1: a command says on stderr when its store is open (`bench/cli-startup.bench.ts`, issue 14).
  return Object.freeze({ writeKey: env.ROILENS_WRITE_KEY || undefined, debug: Boolean(env.ROILENS_DEBUG), traceStartup: Boolean(env.ROILENS_TRACE_STARTUP) });
}

/** The database path a CLI command uses: `--db`, else `ROILENS_DB`, else the default. */
export function dbPathFrom(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return resolve(flag ?? env.ROILENS_DB ?? defaultDbPath);
}

/** Where a CLI command's database path came from when `--db` was not given. */
export function dbPathOrigin(env: NodeJS.ProcessEnv = process.env): 'ROILENS_DB' | 'default' {
  return env.ROILENS_DB ? 'ROILENS_DB' : 'default';
}

/** The operation layer: whether every answer is checked against its operation's output schema (tests, and `ROILENS_CHECK_OUTPUTS=1`). */
export function operationSettings(env: NodeJS.ProcessEnv = process.env): Readonly<{ checkOutputs: boolean }> {
  return Object.freeze({ checkOutputs: env.ROILENS_CHECK_OUTPUTS === '1' || env.VITEST === 'true' });
}
