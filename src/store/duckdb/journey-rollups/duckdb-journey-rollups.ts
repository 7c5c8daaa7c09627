import type { DuckDbDatabase } from '../duckdb-database.js';
import {
  conversionsRefreshSql, dirtyIdentitySql, fullIdentitySql, hasVerifiedSql, journeyDirtyFromStagedSql, journeyScratchTables, journeyTables, journeyTablesSql, touchesRefreshSql,
} from './journey-rollup-sql.js';

/** What `ensureFresh` did: nothing, a refresh of the dirty persons, or a rebuild. */
export type JourneyRefresh = 'fresh' | 'refreshed' | 'rebuilt';

interface StateRow {
  dirty: boolean | null;
  has_verified: boolean | null;
  seen: number | bigint | null;
  pending: number | bigint;
  events: number | bigint;
}

const stateSql = `SELECT s.dirty, s.has_verified, s.events AS seen, (SELECT count(*) FROM journey_dirty WHERE workspace_id = $ws) AS pending,
    (SELECT count(*) FROM events WHERE workspace_id = $ws) AS events
  FROM (SELECT 1) one LEFT JOIN journey_state s ON s.workspace_id = $ws`;

function planOf(state: StateRow): 'fresh' | 'dirty' | 'full' {
  if (state.seen === null || (Number(state.pending) === 0 && Number(state.seen) !== Number(state.events))) return 'full';
  return Number(state.pending) > 0 || state.dirty ? 'dirty' : 'fresh';
}

/**
 * Keeps a workspace's journey rollups (`journey-rollup-sql.ts`: every person's touches) up with
 * its events, as the KPI rollups are kept (`../rollups/`): inserted events mark their anonymous
 * ids dirty in the insert's transaction; order and lead imports mark the workspace dirty;
 * deletions, erasure and new channel rules drop the workspace's rows. `ensureFresh`, before every
 * attribution read, recomputes the touches of the persons the dirty ids belong to (before and
 * after an identity change) and the sales, or rebuilds the workspace's rows when they were
 * dropped or the events were written around the store.
 */
export class DuckDbJourneyRollups {
  private ready?: Promise<void>;
  private readonly running = new Map<string, Promise<JourneyRefresh>>();
  /** How many reads found the rollups fresh, refreshed them or rebuilt them (for tests and benches). */
  readonly counts: Record<JourneyRefresh, number> = { fresh: 0, refreshed: 0, rebuilt: 0 };

  constructor(private readonly db: DuckDbDatabase) {}

  /** Creates the tables (derived data: made on first use, not by a migration). */
  tables(): Promise<void> {
    this.ready ??= this.db.write(journeyTablesSql).then(() => undefined);
    return this.ready;
  }

  /** The statement marking the anonymous ids of a flush's staged events dirty, for the insert's transaction (after `tables()`). */
  readonly dirtyFromStagedSql = journeyDirtyFromStagedSql;

  /** Orders or leads changed: the sales are recomputed at the next read. */
  async markDirty(workspaceId: string): Promise<void> {
    await this.tables();
    await this.db.write(`UPDATE journey_state SET dirty = true WHERE workspace_id = $ws`, { ws: workspaceId });
  }

  /** Events were deleted, erased or re-channelled: the workspace's rows are dropped now and rebuilt at the next read. */
  async markStale(workspaceId: string): Promise<void> {
    await this.tables();
    await this.db.transaction(async (tx) => {
      for (const table of [...journeyTables, 'journey_state']) await tx.run(`DELETE FROM ${table} WHERE workspace_id = $ws`, { ws: workspaceId });
    });
  }

  /** Brings the workspace's touches up to date with its events; answers what it did. */
  async ensureFresh(workspaceId: string): Promise<JourneyRefresh> {
    await this.tables();
    let run = this.running.get(workspaceId);
    if (!run && planOf((await this.db.rows<StateRow>(stateSql, { ws: workspaceId }))[0]) === 'fresh') {
      this.counts.fresh += 1;
      return 'fresh';
    }
    run = this.running.get(workspaceId);
    if (!run) {
      run = this.refresh(workspaceId).finally(() => this.running.delete(workspaceId));
      void run.then((kind) => (this.counts[kind] += 1), () => undefined);
      this.running.set(workspaceId, run);
    }
    return run;
  }

  /** When the workspace's journey rollups were last brought up to date, or null before the first time. */
  async watermark(workspaceId: string): Promise<string | null> {
    await this.tables();
    const at = await this.db.scalar<string | null>(`SELECT strftime(refreshed_at, '%Y-%m-%dT%H:%M:%S.%gZ') FROM journey_state WHERE workspace_id = $ws`, { ws: workspaceId });
    return at ?? null;
  }

  private refresh(workspaceId: string): Promise<JourneyRefresh> {
    const ws = { ws: workspaceId };
    return this.db.transaction(async (tx) => {
      const state = (await tx.rows<StateRow>(stateSql, ws))[0];
      const plan = planOf(state);
      if (plan === 'fresh') return 'fresh';
      const rebuild = plan === 'full';
      if (rebuild) for (const table of journeyTables) await tx.run(`DELETE FROM ${table} WHERE workspace_id = $ws`, ws);
      const statements = [...(rebuild ? fullIdentitySql : dirtyIdentitySql()), touchesRefreshSql(plan), ...conversionsRefreshSql];
      for (const sql of statements) await tx.run(sql, sql.includes('$ws') ? ws : {});
      const verified = (await tx.rows<{ v: boolean }>(hasVerifiedSql(plan), ws))[0].v || (!rebuild && state.has_verified === true);
      for (const table of journeyScratchTables) await tx.run(`DROP TABLE IF EXISTS ${table}`);
      await tx.run(`DELETE FROM journey_dirty WHERE workspace_id = $ws`, ws);
      await tx.run(`DELETE FROM journey_state WHERE workspace_id = $ws`, ws);
      await tx.run(`INSERT INTO journey_state (workspace_id, dirty, events, refreshed_at, has_verified) VALUES ($ws, false, $events, now()::TIMESTAMP, ${verified})`, {
        ...ws,
        events: Number(state.events),
      });
      return rebuild ? 'rebuilt' : 'refreshed';
    });
  }
}
