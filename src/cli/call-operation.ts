/**
 * Calls an operation from the CLI (issue 13 #1): in this process on the store of `--db` (as the owner
 * of the file), or through the running server that holds it, by the operation's name: the method, path,
 * query and body come from the operation's `http` spec, so the CLI and the HTTP route cannot drift.
 * A write that moves money (`idempotent: true`) takes an Idempotency-Key either way: the server gets
 * it as the `Idempotency-Key` header; in process the same key and input replay through the store's
 * idempotency port, as over HTTP (`operations/core/idempotency.ts`).
 */
import { dbPathFrom } from '../config/config.js';
import type { AnyOperation, OperationContext } from '../operations/core/define.js';
import { checkedIdempotencyKey, idempotent } from '../operations/core/idempotency.js';
import { invoke } from '../operations/core/invoke.js';
import { Refused } from '../operations/core/refused.js';
import { flagOf, inputPart, parseInput, pathParams } from '../operations/core/schema.js';
import type { PendingEvents } from '../privacy/erasure.js';
import { AppError } from '../shared/errors.js';
import type { Store } from '../store/store.js';
import { terminalProgress } from './progress.js';
import { callServer, callServerText, withStore, type RunningServerInfo, type StoreAccessOptions } from './store-access.js';

/** How one call is made: an Idempotency-Key for an operation that declares `idempotent`. */
export interface CallOptions {
  idempotencyKey?: string;
}

/** Calls the operation named `name` (or `op`) with `raw` (its input as flags or a file gave it), on the database a `withOperations` opened. */
export type OperationCall = (name: string | AnyOperation, raw: Record<string, unknown>, options?: CallOptions) => Promise<unknown>;

/** An input issue path spelled as the CLI user typed it: its first key as a flag (`--current-users.1`). */
export function flagPath(path: readonly PropertyKey[]): string {
  const [head, ...rest] = path.map(String);
  return [flagOf(head ?? ''), ...rest].join('.');
}

/** The operation of `name` (or `op` itself), or 404 naming it; the list of all operations loads only for a name. */
export async function operationOf(opOrName: AnyOperation | string): Promise<AnyOperation> {
  if (typeof opOrName !== 'string') return opOrName;
  const op = (await import('../operations/index.js')).operationNamed(opOrName);
  if (!op) throw new AppError('not_found', `operation: no operation named "${opOrName}"`, [{ path: 'operation', message: `no operation named "${opOrName}"` }]);
  return op;
}

/** The key as given, checked (1 to 255 printable ASCII characters), and refused for an operation that does not take one. */
function keyFor(op: AnyOperation, options: CallOptions): string | undefined {
  if (options.idempotencyKey === undefined) return undefined;
  if (!op.idempotent) throw new AppError('invalid_input', `--idempotency-key: ${op.name} is not a write that moves money; it takes no key`, [{ path: '--idempotency-key', message: 'not taken by this operation' }]);
  return checkedIdempotencyKey(options.idempotencyKey, '--idempotency-key');
}

/**
 * Runs `fn` with a caller of operations on the database of `--db`: in process when this process can open
 * the file, else through the server that holds it (each call by its operation's route). `fn` may call
 * several operations (a list's pages, a read before a write) on the one database it opened.
 *
 * @example
 *   await withOperations(db, async (call) => call('links.update', { slug: 'spring', disabled: true }))
 */
export async function withOperations<T>(db: string | undefined, fn: (call: OperationCall) => Promise<T>, access: StoreAccessOptions = {}): Promise<T> {
  return withStore(
    db,
    (store, ws) =>
      fn(async (name, raw, options = {}) => {
        const op = await operationOf(name);
        const spooled = !('none' in op.cli) && op.cli.spool;
        return spooled
          ? (await import('./commands/spool-pipeline.js')).withSpoolDrained(store, dbPathFrom(db), (pipeline) => runOperation(op, store, ws.id, raw, pipeline, options))
          : runOperation(op, store, ws.id, raw, undefined, options);
      }),
    (server) => fn((name, raw, options) => callOperation(server, name, raw, options)),
    access,
  );
}

/**
 * Runs an operation in this process as the owner of the database file (the CLI's principal); `pipeline`:
 * the database's spool, when the operation asks for it (`cli.spool`) and one exists. A refusal of the
 * request as a whole answers with what was refused (every rejected line with its reason).
 */
export async function runOperation(op: AnyOperation, store: Store, workspaceId: string, input: unknown, pipeline?: PendingEvents, options: CallOptions = {}): Promise<unknown> {
  const key = keyFor(op, options);
  const ctx: OperationContext = {
    store,
    workspaceId,
    principal: { kind: 'operator', workspaceId, scopes: ['admin'] },
    surface: 'cli',
    ingest: {
      drain: async () => pipeline?.drain(),
      forgetRules: () => undefined,
      forgetWriteKeys: () => undefined,
      pendingEvents: () => pipeline?.health.pending_events ?? 0,
    },
  };
  const parsed = parseInput(op.input, input, flagPath) as Record<string, unknown>;
  const progress = terminalProgress('command' in op.cli ? op.cli.command : op.name);
  try {
    const answer = await idempotent(op, ctx, key, parsed, async () => {
      try {
        return { status: op.http.status ?? 200, body: await invoke(op, { ...ctx, progress: (done, total, unit) => progress.update(done, total, unit) }, parsed, flagOf) };
      } catch (err) {
        if (err instanceof Refused) return { status: 400, body: err.answer };
        throw err;
      }
    });
    if (answer.replayed) replayedNote();
    return answer.body;
  } finally {
    progress.end();
  }
}

function replayedNote(): void {
  process.stderr.write('roilens: replayed: the answer of the first request with this --idempotency-key and input (nothing ran again)\n');
}

/**
 * Calls an operation (or the one named so) through the running server: its own method and path, path
 * parameters filled in, the rest as query or JSON body (a file as the body), the key as `Idempotency-Key`.
 *
 * @example
 *   await callOperation(server, 'attribution.report', { model: 'linear', by: 'campaign' })
 *   // → the report, from the operation's own GET route with ?model=linear&by=campaign
 */
export async function callOperation(server: RunningServerInfo, opOrName: AnyOperation | string, raw: Record<string, unknown>, options: CallOptions = {}): Promise<unknown> {
  const op = await operationOf(opOrName);
  const key = keyFor(op, options);
  const headers: Record<string, string> = key === undefined ? {} : { 'idempotency-key': key };
  const onResponse = (res: Response) => res.headers.get('idempotent-replayed') === 'true' && replayedNote();
  let path = op.http.path;
  const rest = { ...raw };
  for (const param of pathParams(path)) {
    path = path.replace(`:${param}`, encodeURIComponent(String(rest[param] ?? '')));
    delete rest[param];
  }
  const method = op.http.method;
  if (op.http.body) return callServer(server, path, { method, body: JSON.stringify(rest[op.http.body]), contentType: 'application/json', headers, onResponse });
  const file = op.http.file;
  const text = file ? String(rest[file.key] ?? '') : undefined;
  if (file) delete rest[file.key];
  if (inputPart(op) === 'querystring') {
    const query = new URLSearchParams(Object.entries(rest).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)]));
    const target = query.size ? `${path}?${query}` : path;
    if (op.http.text) return callServerText(server, target, { method });
    return callServer(server, target, { method, ...(file ? { body: text, contentType: file.media[0] } : {}), headers, onResponse });
  }
  return callServer(server, path, { method, body: JSON.stringify(rest), contentType: 'application/json', headers, onResponse });
}
