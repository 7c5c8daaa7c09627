/**
 * What the contract suite has called: a store wrapped so that each port method call is
 * recorded by name, for the suite's last case to check that every method of every port
 * (`store/ports/index.ts`) had a case on this engine.
 */
import type { Store } from './store.js';
import { storePorts } from './ports/index.js';

/** Every port method name, port by port. */
export const portMethodNames = (): string[] => Object.values(storePorts).flat();

/** `store`, recording into `called` the name of each port method called through it. */
export function recordingStore(store: Store, called: Set<string>): Store {
  const names = new Set(portMethodNames());
  return new Proxy(store, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver) as unknown;
      if (typeof key !== 'string' || !names.has(key) || typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        called.add(key);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}
