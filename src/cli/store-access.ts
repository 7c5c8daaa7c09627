import { existsSync, readFileSync } from 'node:fs';
import { cliSettings, dbPathFrom, dbPathOrigin } from '../config/config.js';
import { installSealingKey } from '../config/sealing-key.js';
import { AppError } from '../shared/errors.js';
import type { DuckDbStore } from '../store/duckdb/duckdb-store.js';
import type { Store } from '../store/store.js';
import type { Workspace } from '../records/workspace.js';
import { openWorkspace, serverInfoPath } from '../server/open-workspace.js';

export interface RunningServerInfo {
  url: string;
  /** Servers before issue 15 wrote their admin token here; now only the operator key is written. */
  admin_token?: string;
  /** The installation operator's key (servers since issue 15): acts in the workspace `X-Roilens-Workspace` names. */
  operator_key?: string;
  /** The workspace the CLI acts in (`--workspace`), sent as `X-Roilens-Workspace`. */
  workspace?: string;
}

/** The CLI's credential and workspace on a running server: the operator key (the admin token on servers before it) and the workspace header. */
function identityHeaders(server: RunningServerInfo): Record<string, string> {
  return { authorization: `Bearer ${server.operator_key ?? server.admin_token}`, ...(server.workspace && server.operator_key ? { 'x-roilens-workspace': server.workspace } : {}) };
}

/** Whether CLI commands may create a database file that does not exist yet (`--create`). */
let creationAllowed = false;

/** Called for `--create`: the user means to start a new, empty database. */
export function allowDatabaseCreation(): void {
  creationAllowed = true;
}

export interface StoreAccessOptions {
  /** The command makes a database of its own (`demo`): a missing file is created without `--create`. */
  create?: boolean;
  /** The workspace to act in (`--workspace`; default `default`): unknown is 404 not_found. */
  workspace?: string;
}

/**
 * The database file a command uses. Without `--db` it says on stderr which
 * one (and where the choice came from), so nobody reads or fills the wrong
 * file; a file that does not exist is created only when the command makes
 * its own data (`demo`) or with `--create`, never silently.
 */
export function resolveDatabase(dbFlag: string | undefined, options: StoreAccessOptions = {}): string {
  const dbPath = dbPathFrom(dbFlag);
  const exists = existsSync(dbPath);
  if (dbFlag === undefined) {
    const from = dbPathOrigin() === 'ROILENS_DB' ? 'ROILENS_DB' : 'the default; --db FILE chooses another';
    process.stderr.write(`roilens: database ${dbPath} (${from})\n`);
  }
  if (!exists) {
    if (!options.create && !creationAllowed) {
      throw new AppError('not_found', `no database at ${dbPath}: pass --db FILE for an existing one, or --create to start a new empty one there`, [{ path: '--db', message: `${dbPath} does not exist` }]);
    }
    process.stderr.write(`roilens: creating a new database at ${dbPath}\n`);
  }
  return dbPath;
}

/**
 * Runs `fn` on the store of `--db`. DuckDB lets one process write a file; when
 * a roilens server holds it, `viaServer` (if given) answers through that
 * server's API instead, so CLI commands keep working while `roilens start` runs.
 * A missing file is an error unless `options.create` or `--create` (see `resolveDatabase`).
 */
export async function withStore<T>(
  dbFlag: string | undefined,
  fn: (store: Store, workspace: Workspace) => Promise<T>,
  viaServer?: (server: RunningServerInfo) => Promise<T>,
  options: StoreAccessOptions = {},
): Promise<T> {
  const dbPath = resolveDatabase(dbFlag, options);
  installSealingKey(dbPath);
  let store: DuckDbStore;
  try {
    // DuckDB (a native library, ~0.25 s to load) only once a command opens its store: help and usage errors never load it (issue 14).
    const { DuckDbStore } = await import('../store/duckdb/duckdb-store.js');
    store = await DuckDbStore.open(dbPath);
  } catch (err) {
    if (err instanceof AppError && err.code === 'unavailable') {
      const server = runningServer(dbPath);
      if (server && viaServer) return viaServer({ ...server, workspace: options.workspace });
      throw new AppError('unavailable', `${err.message}. ${server ? 'This command cannot go through the running server; stop it first.' : 'Stop the process that holds it, or use its API.'}`);
    }
    throw err;
  }
  try {
    const { writeKey, traceStartup } = cliSettings();
    const { workspace } = await openWorkspace(store, { writeKey });
    // The first byte of the command's work: the store is open and its workspace known (issue 14: CLI start-up).
    if (traceStartup) process.stderr.write(`roilens: trace: store open at ${(performance.timeOrigin + performance.now()).toFixed(1)} ms since the epoch\n`);
    if (options.workspace === undefined || options.workspace === workspace.id) return await fn(store, workspace);
    const named = await store.getWorkspace(options.workspace);
    if (!named) throw new AppError('not_found', `--workspace: no workspace ${options.workspace} (roilens workspaces list names them)`, [{ path: '--workspace', message: `no workspace ${options.workspace}` }]);
    return await fn(store, named);
  } finally {
    await store.close();
  }
}

function runningServer(dbPath: string): RunningServerInfo | undefined {
  const path = serverInfoPath(dbPath);
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as RunningServerInfo;
  } catch {
    return undefined;
  }
}

/** Calls the running server's API with the operator key (`onResponse` sees the answer's headers); API errors become AppErrors with the server's message. */
export async function callServer<T>(
  server: RunningServerInfo,
  path: string,
  init: { method?: string; body?: string; contentType?: string; headers?: Record<string, string>; onResponse?: (res: Response) => unknown } = {},
): Promise<T> {
  const res = await fetch(new URL(path, server.url), {
    method: init.method ?? 'GET',
    headers: { ...init.headers, ...identityHeaders(server), ...(init.contentType ? { 'content-type': init.contentType } : {}) },
    body: init.body,
  });
  init.onResponse?.(res);
  const payload = (await res.json().catch(() => ({}))) as T & { message?: string; issues?: { path: string; message: string }[] };
  if (res.status === 404 || res.status === 409) throw new AppError(res.status === 404 ? 'not_found' : 'conflict', payload.message ?? res.statusText, payload.issues ?? []);
  if (!res.ok && res.status !== 400) throw new AppError(res.status === 401 ? 'unauthorized' : 'unavailable', `server ${server.url}: ${payload.message ?? res.statusText}`);
  if (res.status === 400 && !(payload as { kind?: string }).kind) throw new AppError('invalid_input', payload.message ?? 'invalid input', payload.issues ?? []);
  return payload;
}

/** Calls the running server for a text answer (a CSV export); errors as `callServer`'s. */
export async function callServerText(server: RunningServerInfo, path: string, init: { method?: string } = {}): Promise<string> {
  const res = await fetch(new URL(path, server.url), { method: init.method ?? 'GET', headers: identityHeaders(server) });
  const text = await res.text();
  if (!res.ok) {
    let message = res.statusText;
    try {
      message = (JSON.parse(text) as { message?: string }).message ?? message;
    } catch { /* not JSON */ }
    throw new AppError(res.status === 404 ? 'not_found' : res.status === 400 ? 'invalid_input' : 'unavailable', `server ${server.url}: ${message}`);
  }
  return text;
}
