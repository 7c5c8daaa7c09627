import { assertListed, type AllListed } from './port-methods.js';

/** Opening, schema upkeep and closing of a store. */
export interface StoreLifecycle {
  migrate(): Promise<void>;
  close(): Promise<void>;
  /** Rewrites storage so erased rows leave no bytes behind (the embedded store's file); false when there was nothing to rewrite. */
  compact(): Promise<boolean>;
}

export const lifecycleMethods = ['migrate', 'close', 'compact'] as const satisfies readonly (keyof StoreLifecycle)[];
assertListed<AllListed<StoreLifecycle, (typeof lifecycleMethods)[number]>>(true);
