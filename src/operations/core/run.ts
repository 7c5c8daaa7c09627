/**
 * Runs any operation by its name (issue 13 #1: "a scheduler that can run any operation by name"):
 * the input is validated by the operation's zod schema, the principal must hold the operation's
 * scope, and the handler runs through `invoke` (paging, output check) and `idempotent` (a key given
 * by the caller), the path the HTTP routes and the CLI take. Errors come from the registry:
 * an unknown name is 404 `not_found`, a bad input 400 `invalid_input` naming its keys (`amount`,
 * `utm.source`), a principal without the scope 403 `forbidden`.
 */
import type { Store } from '../../store/store.js';
import { AppError } from '../../shared/errors.js';
import { grants, type AnyOperation, type OperationContext, type Principal } from './define.js';
import { checkedIdempotencyKey, idempotent } from './idempotency.js';
import { invoke } from './invoke.js';
import { parseInput } from './schema.js';

/** What running by name needs: the operations it may run and the store they run on. */
export interface RunnerDeps {
  operations: readonly AnyOperation[];
  store: Store;
  /** The ingestion pipeline's hooks (default: nothing pending, nothing cached). */
  ingest?: Partial<OperationContext['ingest']>;
}

export interface RunOptions {
  /** For an operation that moves money: run at most once per key within 24 h (`idempotency.ts`). */
  idempotencyKey?: string;
}

/** `runOperation(name, input, principal)`: the operation's answer. */
export type RunOperation = (name: string, input: unknown, principal: Principal, options?: RunOptions) => Promise<unknown>;

/**
 * A `runOperation` over `deps`.
 *
 * @example
 *   const run = operationRunner({ operations, store });
 *   await run('segments.list', { limit: 10 }, principal)   // → { segments: [...], next_cursor }
 *   await run('no.such', {}, principal)                    // → AppError not_found
 */
export function operationRunner(deps: RunnerDeps): RunOperation {
  const byName = new Map(deps.operations.map((op) => [op.name, op]));
  return async (name, input, principal, options = {}) => {
    const op = byName.get(name);
    if (!op) throw new AppError('not_found', `operation: no operation named "${name}"`, [{ path: 'operation', message: `no operation named "${name}"` }]);
    if (!grants(principal.scopes, op.scope)) throw new AppError('forbidden', `${name} needs the scope ${op.scope}`);
    if (op.operatorOnly && principal.kind !== 'operator') throw new AppError('forbidden', `${name} is the installation operator's`);
    const parsed = parseInput(op.input, input ?? {}, (path) => path.map(String).join('.') || 'input') as Record<string, unknown>;
    const key = options.idempotencyKey === undefined ? undefined : checkedIdempotencyKey(options.idempotencyKey, 'idempotency_key');
    const ctx: OperationContext = {
      store: deps.store,
      workspaceId: principal.workspaceId,
      principal,
      surface: 'schedule',
      ingest: {
        drain: async () => undefined,
        forgetRules: () => undefined,
        forgetWriteKeys: () => undefined,
        pendingEvents: () => 0,
        ...deps.ingest,
      },
    };
    const answer = await idempotent(op, ctx, key, parsed, async () => ({ status: op.http.status ?? 200, body: await invoke(op, ctx, parsed, (k) => k) }));
    return answer.body;
  };
}
