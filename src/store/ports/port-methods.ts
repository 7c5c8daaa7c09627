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
