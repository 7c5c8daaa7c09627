import { assertListed, type AllListed } from './port-methods.js';

export interface StoreCapabilities {
  /** Every write passes through this process (the embedded store): a cache keyed by the data version (`store/data-version.ts`) never goes stale. */
  embedded: boolean;
}

/** Opening, schema upkeep and closing of a store. */
export interface StoreLifecycle {
  readonly capabilities: StoreCapabilities;
  migrate(): Promise<void>;
  close(): Promise<void>;
  /** Rewrites storage so erased rows leave no bytes behind (the embedded store's file); false when there was nothing to rewrite. */
  compact(): Promise<boolean>;
  /**
   * Brings the workspace's rollups (the KPI rollups; the embedded store's journey rollups, which
   * attribution reads) up to date with its events now, as the next read would (issue 14: built
   * after the demo load and at start, so no first report pays for them).
   */
  refreshRollups(workspaceId: string): Promise<void>;
}

export const lifecycleMethods = ['migrate', 'close', 'compact', 'refreshRollups'] as const satisfies readonly (keyof StoreLifecycle)[];
assertListed<AllListed<Omit<StoreLifecycle, 'capabilities'>, (typeof lifecycleMethods)[number]>>(true);
