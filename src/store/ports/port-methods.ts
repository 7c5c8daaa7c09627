/**
 * Each port exports the list of its methods beside its interface (`…Methods`), checked
 * against the interface at compile time both ways: a name the port lacks fails to
 * compile, and so does a port method the list forgets (`assertListed`). The contract
 * suite's coverage test (`store/port-coverage.test.ts`) reads these lists.
 */

/** Compiles only when `Listed` names every key of `Port`. */
export type AllListed<Port, Listed extends PropertyKey> = Exclude<keyof Port, Listed> extends never ? true : { missing: Exclude<keyof Port, Listed> };

/** Call with `true` under `AllListed`: a port method missing from its list fails to compile. */
export function assertListed<T extends true>(ok: T): T {
  return ok;
}

/**
 * Gives a class the `methods` of a port, each calling the same method of the object `to`
 * answers for the instance (an adapter handing a port to the repository that implements it),
 * so that the adapter does not write out one delegating line per method. Called from a
 * `static` block of the class (where its private fields are visible to `to`); the class
 * declares the port in an interface of the same name, and this compiles only when what `to`
 * answers has every listed method with the type that interface gives it.
 *
 * @example
 * export interface DuckDbStore extends WorkspaceRepo {}
 * export class DuckDbStore {
 *   static { delegatePort(DuckDbStore, workspaceRepoMethods, (s) => s.meta.workspaces); }
 * }
 */
export function delegatePort<Self, K extends keyof Self & string, Target extends Pick<Self, K>>(
  cls: { prototype: Self },
  methods: readonly K[],
  to: (self: Self) => Target,
): void {
  for (const name of methods) {
    Object.defineProperty(cls.prototype, name, {
      configurable: true,
      writable: true,
      enumerable: false,
      value: function (this: Self, ...args: unknown[]): unknown {
        const target = to(this);
        return (target[name] as (...a: unknown[]) => unknown).apply(target, args);
      },
    });
  }
}
