import { timed } from '../../../shared/server-timing.js';
import type { ClickHouseClient } from '../clickhouse-client.js';
import type { VersionClock } from '../event-rows.js';
import { chIdentifier, chValue } from '../sql-literal.js';
import { clicksBuildSql, creditsBuildSql, hasVerifiedSql, sessionsBuildSql, wholeContext } from './rollup-build-sql.js';
import { generationTables, rollupSchemaStatements } from './rollup-schema.js';

/** The generation a KPI read uses, and what it knows of the workspace. */
export interface RollupGeneration {
  gen: number;
  /** Whether the workspace has a verified source (what `revenue_sources` defaults to). */
  hasVerified: boolean;
  /** When the generation was built, ISO (the aggregates' watermark). */
  builtAt: string;
}

/** What `ensureFresh` did: nothing, or built a new generation. */
export type RollupRefresh = 'fresh' | 'rebuilt';

interface StateRow {
  gen: string | number;
  timezone: string;
  mark: string | number;
  has_verified: string | number;
  built_at: string | number;
}

/**
 * Keeps a workspace's ClickHouse KPI rollups (`rollup-schema.ts`) up with its writes (issue 14).
 * Every write to its events, orders or leads, by the server or a queue writer, adds a mark
 * (`mark`, a row: marks are counted, so no process's clock matters); a KPI read (`ensureFresh`)
 * compares the marks' count and the time zone with those the current generation was built from and, when either moved, builds a new generation whole in ClickHouse (three
 * INSERT … SELECT over the whole history, `rollup-build-sql.ts`), records it in the state and
 * drops the generations before the one it replaced (the one it replaced stays for reads that
 * chose it a moment earlier). A write adds its mark after its rows: a mark added during a build
 * was not counted by it, so the next read builds again and nothing written is missed. Spend, rates, margin
 * and `revenue_sources` are read live, so changing them needs no build.
 */
export class ClickHouseRollups {
  private ready?: Promise<void>;
  private readonly running = new Map<string, Promise<RollupGeneration>>();
  /** How many reads found the rollups fresh or rebuilt them (tests and benches). */
  readonly counts: Record<RollupRefresh, number> = { fresh: 0, rebuilt: 0 };

  constructor(
    private readonly client: ClickHouseClient,
    private readonly database: string,
    private readonly clock: VersionClock,
  ) {}

  private get db(): string {
    return chIdentifier(this.database);
  }

  /** Creates the tables (derived data: made on first use, on the query node). */
  tables(): Promise<void> {
    this.ready ??= (async () => {
      for (const sql of rollupSchemaStatements(this.database)) await this.client.exec(sql);
    })().catch((err) => {
      this.ready = undefined;
      throw err;
    });
    return this.ready;
  }

  /** Forgets that the tables exist (the database was dropped). */
  forget(): void {
    this.ready = undefined;
  }

  /** Records that the workspace's events, orders or leads changed. */
  async mark(workspaceId: string): Promise<void> {
    await this.tables();
    await this.client.exec(`INSERT INTO ${this.db}.kpi_rollup_marks VALUES (${chValue(workspaceId)}, ${this.clock.next()})`);
  }

  private async state(workspaceId: string): Promise<{ state: StateRow | undefined; newest: number }> {
    const ws = chValue(workspaceId);
    const [states, marks] = await Promise.all([
      this.client.query<StateRow>(`SELECT gen, timezone, mark, has_verified, built_at FROM ${this.db}.kpi_rollup_state FINAL WHERE workspace_id = ${ws} ORDER BY gen DESC LIMIT 1`),
      this.client.query<{ m: string | number }>(`SELECT count() AS m FROM ${this.db}.kpi_rollup_marks WHERE workspace_id = ${ws}`),
    ]);
    return { state: states[0], newest: Number(marks[0]?.m ?? 0) };
  }

  /** The generation reads of `workspaceId` in `timezone` use, built first when a write or the time zone moved. */
  ensureFresh(workspaceId: string, timezone: string): Promise<RollupGeneration> {
    return timed('refresh', () => this.freshen(workspaceId, timezone));
  }

  private async freshen(workspaceId: string, timezone: string): Promise<RollupGeneration> {
    await this.tables();
    const key = `${workspaceId}\u0000${timezone}`;
    const running = this.running.get(key);
    if (running) return running;
    const { state, newest } = await this.state(workspaceId);
    if (state && state.timezone === timezone && Number(state.mark) >= newest) {
      this.counts.fresh += 1;
      return generationOf(state);
    }
    const run = this.build(workspaceId, timezone, newest, state).finally(() => this.running.delete(key));
    this.running.set(key, run);
    return run;
  }

  /** The workspace's watermark: when its current generation was built, or null before the first. */
  async watermark(workspaceId: string): Promise<string | null> {
    await this.tables();
    const { state } = await this.state(workspaceId);
    return state ? generationOf(state).builtAt : null;
  }

  private async build(workspaceId: string, timezone: string, mark: number, before: StateRow | undefined): Promise<RollupGeneration> {
    const gen = this.clock.next();
    const c = wholeContext(this.db, workspaceId, timezone);
    try {
      for (const sql of [sessionsBuildSql(c, gen), clicksBuildSql(c, gen), creditsBuildSql(c, gen)]) await this.client.exec(sql);
      const verified = Number((await this.client.query<{ v: string | number }>(hasVerifiedSql(c)))[0]?.v ?? 0) === 1;
      const builtAt = Date.now();
      await this.client.exec(`INSERT INTO ${this.db}.kpi_rollup_state VALUES (${chValue(workspaceId)}, ${gen}, ${chValue(timezone)}, ${mark}, ${verified ? 1 : 0}, ${builtAt})`);
      this.counts.rebuilt += 1;
      if (before) await this.dropBefore(workspaceId, Number(before.gen));
      return { gen, hasVerified: verified, builtAt: new Date(builtAt).toISOString() };
    } catch (err) {
      await this.dropGeneration(gen).catch(() => undefined);
      throw err;
    }
  }

  /** Drops every generation of the workspace (after an erasure: none may keep the person's ids); the next read builds anew. */
  async dropAll(workspaceId: string): Promise<void> {
    await this.tables();
    await this.dropBefore(workspaceId, Number.MAX_SAFE_INTEGER);
  }

  /** Drops the workspace's generations older than `gen` (kept: `gen`, which reads may still be using, and newer). */
  private async dropBefore(workspaceId: string, gen: number): Promise<void> {
    const old = await this.client.query<{ gen: string | number }>(
      `SELECT DISTINCT gen FROM ${this.db}.kpi_rollup_sessions WHERE workspace_id = ${chValue(workspaceId)} AND gen < ${gen}
       UNION ALL SELECT DISTINCT gen FROM ${this.db}.kpi_rollup_credits WHERE workspace_id = ${chValue(workspaceId)} AND gen < ${gen}`,
    );
    for (const g of new Set(old.map((r) => Number(r.gen)))) await this.dropGeneration(g);
  }

  private async dropGeneration(gen: number): Promise<void> {
    for (const table of generationTables) await this.client.exec(`ALTER TABLE ${this.db}.${table} DROP PARTITION ${gen}`);
  }
}

function generationOf(s: StateRow): RollupGeneration {
  return { gen: Number(s.gen), hasVerified: Number(s.has_verified) === 1, builtAt: new Date(Number(s.built_at)).toISOString() };
}
