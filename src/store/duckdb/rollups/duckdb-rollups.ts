import type { DuckDbDatabase, DuckDbTx } from '../duckdb-database.js';
import { sqlTimestamp } from '../kpi-sql.js';
import { timed } from '../../../shared/server-timing.js';
import { BackgroundRefresh } from './background-refresh.js';
import { sqlString } from '../sql-literal.js';
import { stagedAnonymousIdsSql, stagedEventRowsSql, stagedEvents } from '../insert-events-sql.js';
import { deltaEndSql, deltaFallbackCountsSql, deltaScratchTables, deltaStartSql, touchGroupsFromEventsSql } from './rollup-delta-sql.js';
import {
  clicksRefreshSql, dirtyIdentitySql, fullIdentitySql, hasVerifiedSql, inDirty, rollupTables, rollupTablesSql, scratchTables, sessionsRefreshSql, type RefreshScope,
} from './rollup-sql.js';
import { creditsRefreshSql, creditsScratchTables } from './rollup-credits-sql.js';
import { dailyRebuildSql, dailyScratchTables, dailyTables, dailyTablesSql, dirtyDailyEndSql, dirtyDailyStartSql } from './rollup-daily-sql.js';

/** Every table of a workspace's rollups (deleted before a rebuild). */
const allTables = [...rollupTables, ...dailyTables];

/** What `ensureFresh` did: nothing, a refresh of the dirty persons, or a rebuild. */
export type RollupRefresh = 'fresh' | 'refreshed' | 'rebuilt';

interface StateRow {
  timezone: string | null;
  dirty: boolean | null;
  seen: number | bigint | null;
  has_verified: boolean | null;
  version: number | null;
  pending: number | bigint;
  slow: number | bigint;
  events: number | bigint;
}

/** The state, the dirty anonymous ids and the events' count of `$ws`, in one read. */
const stateSql = `SELECT s.timezone, s.dirty, s.events AS seen, s.has_verified, s.version,
    (SELECT count(*) FROM rollup_dirty WHERE workspace_id = $ws) AS pending, (SELECT count(*) FROM rollup_slow WHERE workspace_id = $ws) AS slow, (SELECT count(*) FROM events WHERE workspace_id = $ws) AS events
  FROM (SELECT 1) one LEFT JOIN rollup_state s ON s.workspace_id = $ws`;

/** The rollups' layout: rollups kept in another (older) one are rebuilt at the next read. */
const rollupVersion = 4;

/** What a refresh must do for `state` in `timezone`: nothing, recompute the dirty rows, or rebuild. */
function planOf(state: StateRow, timezone: string): 'fresh' | 'dirty' | 'full' {
  const pending = Number(state.pending);
  if (state.timezone !== timezone || Number(state.version ?? 0) !== rollupVersion || (pending === 0 && Number(state.seen) !== Number(state.events))) return 'full';
  return pending > 0 || state.dirty ? 'dirty' : 'fresh';
}

/**
 * Keeps a workspace's KPI rollups (`rollup-sql.ts`) up with its events (issue 14). The store's
 * writes say what changed: inserted events mark their anonymous ids dirty (in the insert's
 * transaction), order and lead imports mark the workspace dirty, and deletions, erasure and new
 * channel rules drop its rollups. `ensureFresh`, before every KPI read, then recomputes what is
 * dirty (the sessions, clicks and touches of the dirty persons, and the credits they reach;
 * every credit when orders or leads changed; from the batch's copy in `rollup_delta` where it can,
 * `rollup-delta-sql.ts`) or, when dropped, when the time zone changed, or
 * when the events were written around the store (their count moved with nothing dirty), rebuilds
 * the workspace's rollups whole.
 *
 * The rollups' own writes (refresh, `markDirty`, `markStale`) run on the store's side writer
 * (`DuckDbDatabase.sideTransaction`), so a refresh never holds up the inserts, which only append
 * to `rollup_dirty`; a refresh sees the events committed when it began and deletes only the dirty
 * marks it saw, so marks appended meanwhile wait for the next one.
 */
export class DuckDbRollups {
  private ready?: Promise<void>;
  /** The refresh under way per workspace and time zone, with the inserts committed before it began (`inserts`). */
  private readonly running = new Map<string, { saw: number; run: Promise<RollupRefresh> }>();
  /** Inserts committed so far: a reader joins a refresh only when it saw every insert committed before the reader asked. */
  private inserts = 0;
  /** How many reads found the rollups fresh, refreshed them or rebuilt them (for tests and benches). */
  readonly counts: Record<RollupRefresh, number> = { fresh: 0, refreshed: 0, rebuilt: 0 };
  /** Delta refreshes (`rollup-delta-sql.ts`) and dirty ones without a copy of the batch (`slow`), and the rows the delta ones derived from the batch or read back from `events` (for tests). */
  readonly paths = { delta: 0, slow: 0, sessionsMerged: 0, sessionsRead: 0, clicksRead: 0, touchesFromBatch: 0, touchesRead: 0 };

  /** Refreshes the workspaces with dirty ids shortly after inserts (debounced, off the acknowledgement path). */
  private readonly background = new BackgroundRefresh(() => this.refreshDirty());

  /**
   * @param rebuildChunkEvents a rebuild groups sessions, clicks and visitors in parts of about this
   *   many events (at 1 GB, 10M events at once ran out of memory; 2M fit)
   */
  constructor(
    private readonly db: DuckDbDatabase,
    private readonly rebuildChunkEvents = 2_000_000,
  ) {}

  /** Brings up to date every workspace with dirty ids whose rollups exist (a rebuild waits for a read). */
  async refreshDirty(): Promise<void> {
    await this.tables();
    const due = await this.db.rows<{ ws: string; timezone: string }>(
      `SELECT DISTINCT d.workspace_id AS ws, s.timezone FROM rollup_dirty d JOIN rollup_state s ON s.workspace_id = d.workspace_id WHERE s.timezone IS NOT NULL`,
    );
    for (const { ws, timezone } of due) await this.ensureFresh(ws, timezone);
  }

  /** Stops the background refreshes (waits for one under way); before the database closes. */
  close(): Promise<void> {
    return this.background.close();
  }

  /** Creates the rollup tables (derived data: made on first use, not by a migration). */
  private tables(): Promise<void> {
    this.ready ??= this.db.write(rollupTablesSql + dailyTablesSql).then(() => undefined);
    return this.ready;
  }

  /**
   * The statements marking the anonymous ids of a flush's staged events dirty, for the insert's
   * transaction, and copying the events into `rollup_delta` for workspaces whose rollups are in this
   * layout (`rollup-delta-sql.ts`); the others are marked slow (their next refresh reads `events`).
   */
  readonly dirtyFromStagedSql = [
    `INSERT INTO rollup_dirty ${stagedAnonymousIdsSql}`,
    `INSERT INTO rollup_delta ${stagedEventRowsSql(` AND w IN (SELECT workspace_id FROM rollup_state WHERE version = ${rollupVersion})`)}`,
    `INSERT INTO rollup_slow SELECT DISTINCT w FROM ${stagedEvents} WHERE w IS NOT NULL AND w NOT IN (SELECT workspace_id FROM rollup_state WHERE version = ${rollupVersion})`,
  ].join(';\n');

  /** After the insert stored `inserted` events: when fewer than were staged (some were stored before), the batch's copy is not the batch: marked slow. */
  afterInsertSql(inserted: number): string {
    return `INSERT INTO rollup_slow SELECT DISTINCT w FROM ${stagedEvents}
      WHERE w IS NOT NULL AND ${Math.trunc(inserted)} < (SELECT count(*) FROM (SELECT DISTINCT w, ev.id FROM ${stagedEvents} WHERE ev.id IS NOT NULL))`;
  }

  /** Runs `insert` (the events' insert, which marks them dirty with `dirtyFromStagedSql`) in one transaction; then a refresh is due. */
  async insertMarking<T>(insert: (tx: DuckDbTx) => Promise<T>): Promise<T> {
    await this.tables();
    const inserted = await this.db.transaction(insert);
    this.inserts += 1;
    this.background.ask();
    return inserted;
  }

  /** Orders or leads changed: the credits are recomputed at the next read. */
  async markDirty(workspaceId: string): Promise<void> {
    await this.tables();
    await this.db.sideTransaction((tx) => tx.run(`UPDATE rollup_state SET dirty = true WHERE workspace_id = $ws`, { ws: workspaceId }));
    this.background.ask();
  }

  /**
   * Events were deleted, erased or re-channelled: the workspace's rollups are dropped now (an
   * erased person's ids leave them with her events) and rebuilt at the next read.
   */
  async markStale(workspaceId: string): Promise<void> {
    await this.tables();
    await this.db.sideTransaction(async (tx) => {
      for (const table of [...allTables, 'rollup_state']) await tx.run(`DELETE FROM ${table} WHERE workspace_id = $ws`, { ws: workspaceId });
    });
  }

  /** Brings the workspace's rollups up to date with its events in `timezone`; answers what it did (timed as `refresh`). */
  ensureFresh(workspaceId: string, timezone: string): Promise<RollupRefresh> {
    return timed('refresh', () => this.freshen(workspaceId, timezone));
  }

  private async freshen(workspaceId: string, timezone: string): Promise<RollupRefresh> {
    await this.tables();
    const key = `${workspaceId}\u0000${timezone}`;
    const asked = this.inserts;
    for (;;) {
      const current = this.running.get(key);
      if (current && current.saw >= asked) return current.run;
      if (current) {
        // Begun before inserts this read must see: after it, look again.
        await current.run.catch(() => undefined);
        continue;
      }
      // The common case on a read connection, without a writer: nothing to do.
      if (planOf((await this.db.rows<StateRow>(stateSql, { ws: workspaceId }))[0], timezone) === 'fresh') {
        this.counts.fresh += 1;
        return 'fresh';
      }
      if (this.running.has(key)) continue;
      // Counted before the refresh's transaction begins: its snapshot holds at least these inserts.
      const saw = this.inserts;
      const run = this.refresh(workspaceId, timezone).finally(() => this.running.delete(key));
      void run.then((kind) => (this.counts[kind] += 1), () => undefined);
      this.running.set(key, { saw, run });
      return run;
    }
  }

  /** When the workspace's rollups were last brought up to date (the watermark), or null before the first time. */
  async watermark(workspaceId: string): Promise<string | null> {
    await this.tables();
    const at = await this.db.scalar<string | null>(`SELECT strftime(refreshed_at, '%Y-%m-%dT%H:%M:%S.%gZ') FROM rollup_state WHERE workspace_id = $ws`, { ws: workspaceId });
    return at ?? null;
  }

  private async refresh(workspaceId: string, timezone: string): Promise<RollupRefresh> {
    const ws = { ws: workspaceId };
    return this.db.sideTransaction(async (tx) => {
      const state = (await tx.rows<StateRow>(stateSql, ws))[0];
      const plan = planOf(state, timezone);
      if (plan === 'fresh') return 'fresh';
      const scope: RefreshScope = plan;
      const rebuild = plan === 'full';
      // Only events arrived, each copied into `rollup_delta`: the refresh reads the batch there.
      const delta = !rebuild && Number(state.slow) === 0;
      const events = Number(state.events);
      const chunks = rebuild ? Math.max(1, Math.ceil(events / this.rebuildChunkEvents)) : 1;
      if (rebuild) for (const table of allTables) await tx.run(`DELETE FROM ${table} WHERE workspace_id = $ws`, ws);
      // One trip each for the parts of the refresh and its end (a text of statements takes no parameters: the
      // workspace goes in as a literal). On a loaded machine every trip to DuckDB's thread costs.
      const literal = (sql: string) => sql.replace(/\$ws\b/g, sqlString(workspaceId));
      const run = (statements: string[]) => tx.run(statements.map(literal).join(';\n'));
      // Orders or leads changed: every credit; else those the dirty events reach (`rollup-credits-sql.ts`).
      const credits = creditsRefreshSql(rebuild ? 'full' : state.dirty ? 'all' : 'touched', delta);
      if (delta) {
        await run([...deltaStartSql(timezone), ...credits.start]);
        // What is left to read from `events` (usually nothing): then only that is read.
        const left = (await tx.rows<Record<'sessions' | 'clicks' | 'touches' | 'merged' | 'fast', number | bigint>>(deltaFallbackCountsSql))[0];
        const p = this.paths;
        p.delta += 1;
        p.sessionsMerged += Number(left.merged);
        p.sessionsRead += Number(left.sessions);
        p.clicksRead += Number(left.clicks);
        p.touchesFromBatch += Number(left.fast);
        p.touchesRead += Number(left.touches);
        await run([
          ...deltaEndSql(timezone, { sessions: Number(left.sessions) > 0, clicks: Number(left.clicks) > 0 }),
          ...credits.found(Number(left.touches) > 0), ...credits.end, ...dirtyDailyEndSql,
        ]);
      } else {
        if (!rebuild) this.paths.slow += 1;
        await run([
          ...(rebuild ? fullIdentitySql : [...dirtyIdentitySql(), ...dirtyDailyStartSql]),
          ...touchGroupsFromEventsSql(rebuild ? '' : ` AND ${inDirty('anonymous_id')}`),
          ...sessionsRefreshSql(scope, timezone, chunks),
          ...clicksRefreshSql(scope, timezone, chunks),
          ...credits.start, ...credits.found(true), ...credits.end,
          ...(rebuild ? dailyRebuildSql(chunks) : dirtyDailyEndSql),
        ]);
      }
      const verified = (await tx.rows<{ v: boolean }>(hasVerifiedSql(scope), ws))[0].v || (!rebuild && state.has_verified === true);
      await tx.run([
        ...[...scratchTables, ...creditsScratchTables, ...dailyScratchTables, ...deltaScratchTables].map((table) => `DROP TABLE IF EXISTS ${table}`),
        `DELETE FROM rollup_dirty WHERE workspace_id = $ws`,
        `DELETE FROM rollup_delta WHERE workspace_id = $ws`,
        `DELETE FROM rollup_slow WHERE workspace_id = $ws`,
        `DELETE FROM rollup_state WHERE workspace_id = $ws`,
        `INSERT INTO rollup_state (workspace_id, timezone, dirty, events, refreshed_at, has_verified, version)
          VALUES ($ws, ${sqlString(timezone)}, false, ${events}, ${sqlString(sqlTimestamp(Date.now()))}::TIMESTAMP, ${verified}, ${rollupVersion})`,
      ].map(literal).join(';\n'));
      return rebuild ? 'rebuilt' : 'refreshed';
    });
  }
}
