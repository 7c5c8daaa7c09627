import type { SpooledIds } from './spool.js';

/**
 * The ids of events accepted and not yet stored, per workspace (issue 14): from the moment a
 * batch is taken (before its fsync) until the store has the spool segment it went into. With
 * the store's filter of stored ids it decides, without a query for most batches, that an id is
 * new. Bounded by the spool's limit of pending events (1,000,000).
 */
export class PendingIds {
  private readonly byWorkspace = new Map<string, Set<string>>();

  has(workspaceId: string, id: string): boolean {
    return this.byWorkspace.get(workspaceId)?.has(id) ?? false;
  }

  add(workspaceId: string, ids: string[]): void {
    let set = this.byWorkspace.get(workspaceId);
    if (!set) this.byWorkspace.set(workspaceId, (set = new Set()));
    for (const id of ids) set.add(id);
  }

  /** The ids are stored, or their batch failed before it was durable. */
  remove(batches: SpooledIds[]): void {
    for (const { workspaceId, ids } of batches) {
      const set = this.byWorkspace.get(workspaceId);
      if (!set) continue;
      for (const id of ids) set.delete(id);
      if (set.size === 0) this.byWorkspace.delete(workspaceId);
    }
  }
}
