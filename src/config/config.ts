import { resolve } from 'node:path';

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

/** Reads the environment (`PORT`, `ROILENS_DB`, `ROILENS_WRITE_KEY`, `ROILENS_ADMIN_TOKEN`, `ROILENS_HOST`, `ROILENS_TRUST_PROXY`, `ROILENS_DEMO`, `ROILENS_DUCKDB_MEMORY`, `ROILENS_LINK_FALLBACK_URL`); flags win. */
export function loadConfig(flags: { db?: string; port?: string | number; host?: string } = {}, env: NodeJS.ProcessEnv = process.env): Readonly<Config> {
  const portText = flags.port ?? env.PORT ?? '8080';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port: expected a port number, got "${portText}"`);
  return Object.freeze({
    dbPath: resolve(flags.db ?? env.ROILENS_DB ?? defaultDbPath),
    port,
    host: flags.host || env.ROILENS_HOST || '127.0.0.1',
    trustProxy: trustProxyOf(env.ROILENS_TRUST_PROXY),
    writeKey: env.ROILENS_WRITE_KEY || undefined,
    adminToken: env.ROILENS_ADMIN_TOKEN || undefined,
    demo: !['0', 'false', 'no'].includes((env.ROILENS_DEMO ?? '1').toLowerCase()),
    duckdbMemory: env.ROILENS_DUCKDB_MEMORY || '1GB',
    linkFallbackUrl: env.ROILENS_LINK_FALLBACK_URL ? httpUrl(env.ROILENS_LINK_FALLBACK_URL, 'ROILENS_LINK_FALLBACK_URL') : undefined,
  });
}

/** Parses `ROILENS_TRUST_PROXY`: unset/false/no/0 → false, true/yes → true, else addresses / CIDR ranges (or loopback, linklocal, uniquelocal). */
export function trustProxyOf(value: string | undefined): TrustProxy {
  const text = (value ?? '').trim();
  if (['', '0', 'false', 'no', 'off'].includes(text.toLowerCase())) return false;
  if (['true', 'yes', 'on'].includes(text.toLowerCase())) return true;
  const list = text.split(',').map((s) => s.trim()).filter(Boolean);
  for (const item of list) {
    if (!/^[0-9a-f:.]+(\/[0-9]{1,3})?$/i.test(item) && !['loopback', 'linklocal', 'uniquelocal'].includes(item)) {
      throw new Error(`ROILENS_TRUST_PROXY: "${item}" is not an address, a CIDR range, loopback, linklocal or uniquelocal (or true)`);
    }
  }
  return list;
}

/** An absolute http(s) URL, or a boot error naming the setting. */
function httpUrl(value: string, name: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${name}: "${value}" is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`${name}: must be an http or https URL, got "${value}"`);
  return url.toString();
}

/** Settings of CLI commands that need no server: the fixed write key and whether to print stack traces. */
export function cliSettings(env: NodeJS.ProcessEnv = process.env): Readonly<{ writeKey?: string; debug: boolean }> {
  return Object.freeze({ writeKey: env.ROILENS_WRITE_KEY || undefined, debug: Boolean(env.ROILENS_DEBUG) });
}

/** The database path a CLI command uses: `--db`, else `ROILENS_DB`, else the default. */
export function dbPathFrom(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return resolve(flag ?? env.ROILENS_DB ?? defaultDbPath);
}
