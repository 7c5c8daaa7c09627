import { assertListed, type AllListed } from './port-methods.js';

export interface StoreCapabilities {
  /** The engine can answer `rawEvents` scans cheaply (embedded engines) or not (pushes everything down). */
  embedded: boolean;
}

/** Opening, schema upkeep and closing of a store. */
export interface StoreLifecycle {
  readonly capabilities: StoreCapabilities;
  migrate(): Promise<void>;
  close(): Promise<void>;
  /** Rewrites storage so erased rows leave no bytes behind (the embedded store's file); false when there was nothing to rewrite. */
  compact(): Promise<boolean>;
}

export const lifecycleMethods = ['migrate', 'close', 'compact'] as const satisfies readonly (keyof StoreLifecycle)[];
assertListed<AllListed<Omit<StoreLifecycle, 'capabilities'>, (typeof lifecycleMethods)[number]>>(true);
