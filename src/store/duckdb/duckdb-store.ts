import { sqlString } from './sql-literal.js';
import { claimKey, settleKey } from './idempotency-sql.js';
import { calendarBuckets } from '../../metrics/calendar-buckets.js';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import type { EventRecord, LeadRecord, OrderRecord, RateRecord, SpendRecord, StoredEvent } from '../../records/events.js';
import type { ChannelRule } from '../../records/channel-rule.js';
import type { KpiFacts, KpiQuery } from '../../metrics/kpi-query.js';
import { AppError } from '../../shared/errors.js';
import type { Journey, JourneyQuery } from '../journeys.js';
import type { ChannelDay, DataRange, ExperimentCounting, ExperimentExposure, ExperimentSample, ExperimentVariantStats, IdempotencyClaim, IdempotencyState, LinkStatsRow, RfmScoreCounts, Store } from '../store.js';
import type { ResolvedLink, TrackingLink, TrackingLinkPatch, Workspace } from '../../records/workspace.js';
import { linkColumns, linkStatsParams, linkStatsSql, listLinksSql, rowToLink, type LinkRow } from './links-sql.js';
import { journeysSql } from './journeys-sql.js';
import { packJourneyColumns, unpackJourneys, type PackedJourneyChunk, type PackedJourneys } from '../packed-journeys.js';
import { channelDailySql, kpiFactsSql, kpiSqlParams, rangeSqlParams } from './kpi-sql.js';
import { kpiFactsFromRows } from '../meanings/kpi-measures.js';
import { getRevenueSources } from '../revenue-settings.js';
import { experimentExposuresSql, experimentSampleSql, experimentStatsSql } from './experiment-sql.js';
import { insertEventFilesSql } from './insert-events-sql.js';
import type { EventDeletionFilter } from '../event-deletion.js';
import { compileSegment, crmFunnelSql, customerProfilesSql, customerTransactionsSql, peopleStatsSql } from './customers-sql.js';
import { crmStages, type CrmFunnelRow, type CustomerProfile, type CustomerTransaction, type PeopleStats, type SegmentQuery } from '../customers.js';
import { migrations } from './migrations.js';
import { Mutex } from './mutex.js';
import { rowToEvent } from './event-rows.js';
import { DuckDbExport } from './duckdb-export.js';
import { rfmScoreCountsOf } from '../../customers/rfm/rfm-counts.js';
import { firstPurchasesByDay } from '../../customers/purchases/first-purchases.js';
import { emptyPersonLinks, type PersonErasureCounts, type PersonIds, type PersonLinks } from '../person-erasure.js';
import { erasePersonEventsSql, erasePersonLeadsSql, erasePersonOrdersSql, erasePersonStagingSql, personLinksSql } from './person-erasure-sql.js';
import { spendAccount, spendDeletion, spendSource, summarizeSpendReplacement, type SpendReplaceOptions, type SpendReplacement, type StoredSpendKey } from '../spend-ranges.js';

type Params = Record<string, DuckDBValue>;

/** The embedded store: one DuckDB file, zero setup. */
export class DuckDbStore implements Store {
  readonly capabilities = { embedded: true };
  private readonly writeLock = new Mutex();
  /** Reads running on the read connection, and the compaction that replaces it (see `read`). */
  private reading = 0;
  private compacting?: Promise<void>;

  private constructor(
    // Not readonly: `compact` reopens the rewritten file.
    private instance: DuckDBInstance,
    private conn: DuckDBConnection,
    private readConn: DuckDBConnection,
    private readonly path: string = ':memory:',
    private readonly openOptions: Record<string, string> = {},
  ) {}

  /** Opens (creating when missing) the database file; `:memory:` for tests. */
  static async open(path: string, opts: { memoryLimit?: string } = {}): Promise<DuckDbStore> {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    let instance: DuckDBInstance;
    const openOptions: Record<string, string> = opts.memoryLimit ? { memory_limit: opts.memoryLimit } : {};
    try {
      instance = await DuckDBInstance.create(path, openOptions);
    } catch (err) {
      const message = (err as Error).message;
      if (/lock/i.test(message)) {
        throw new AppError('unavailable', `the database ${path} is in use by another roilens process (${message.split('\n')[0]})`);
      }
      throw err;
    }
    const store = new DuckDbStore(instance, await instance.connect(), await instance.connect(), path, openOptions);
    await store.migrate();
    return store;
  }

  async migrate(): Promise<void> {
    await this.conn.run(`CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP DEFAULT now())`);
    const done = new Set((await this.rows<{ version: number }>(`SELECT version FROM schema_migrations`)).map((r) => Number(r.version)));
    for (const m of migrations) {
      if (done.has(m.version)) continue;
      await this.conn.run('BEGIN TRANSACTION');
      try {
        await this.conn.run(m.sql);
        await this.conn.run(`INSERT INTO schema_migrations (version, name) VALUES ($v, $n)`, { v: m.version, n: m.name });
        await this.conn.run('COMMIT');
      } catch (err) {
        await this.conn.run('ROLLBACK');
        throw err;
      }
    }
  }

  async close(): Promise<void> {
    await this.writeLock.run(async () => {
      await this.conn.run('CHECKPOINT').catch(() => undefined);
      this.readConn.closeSync();
      this.conn.closeSync();
      this.instance.closeSync();
    });
  }

  // ---- metadata ----

  async getSetting(key: string): Promise<string | undefined> {
    return (await this.rows<{ value: string }>(`SELECT value FROM settings WHERE key = $key`, { key }))[0]?.value;
  }

  async setSetting(key: string, value: string): Promise<void> {
    await this.write(`INSERT OR REPLACE INTO settings (key, value) VALUES ($key, $value)`, { key, value });
  }

  async ensureWorkspace(ws: Workspace): Promise<Workspace> {
    const existing = await this.getWorkspace(ws.id);
    if (existing) return existing;
    await this.write(`INSERT INTO workspaces (id, name, currency, timezone, margin, write_key) VALUES ($id, $name, $currency, $tz, $margin, $key)`, {
      id: ws.id, name: ws.name, currency: ws.currency, tz: ws.timezone, margin: ws.margin, key: ws.write_key,
    });
    return ws;
  }

  async getWorkspace(id: string): Promise<Workspace | undefined> {
    return (await this.rows<Workspace>(`SELECT id, name, currency, timezone, margin, write_key, fallback_url FROM workspaces WHERE id = $id`, { id }))[0];
  }

  async findWorkspaceByWriteKey(key: string): Promise<Workspace | undefined> {
    return (await this.rows<Workspace>(`SELECT id, name, currency, timezone, margin, write_key, fallback_url FROM workspaces WHERE write_key = $key`, { key }))[0];
  }

  async updateWorkspace(id: string, patch: Partial<Omit<Workspace, 'id'>>): Promise<void> {
    const allowed = ['name', 'currency', 'timezone', 'margin', 'write_key', 'fallback_url'] as const;
    const sets = allowed.filter((k) => patch[k] !== undefined);
    if (sets.length === 0) return;
    const params: Params = { id };
    for (const k of sets) params[k] = patch[k] ?? null;
    await this.write(`UPDATE workspaces SET ${sets.map((k) => `${k} = $${k}`).join(', ')} WHERE id = $id`, params);
  }

  // ---- events ----

  async insertEvents(workspaceId: string, events: StoredEvent[]): Promise<number> {
    if (events.length === 0) return 0;
    const file = join(tmpdir(), `roilens-insert-${process.pid}-${randomBytes(6).toString('hex')}.jsonl`);
    // One spool-format line per chunk, kept well under read_json's object size limit, written as
    // it is made (no one string of every event); then one statement loads the file: a single
    // INSERT of a million events takes half the time of ten of 100,000.
    const fd = openSync(file, 'w');
    try {
      const addLines = (part: StoredEvent[]) => {
        const line = JSON.stringify({ w: workspaceId, e: part });
        if (line.length > 4_000_000 && part.length > 1) {
          addLines(part.slice(0, part.length >> 1));
          addLines(part.slice(part.length >> 1));
        } else writeSync(fd, line + '\n');
      };
      try {
        for (let i = 0; i < events.length; i += 2_000) addLines(events.slice(i, i + 2_000));
      } finally {
        closeSync(fd);
      }
      return await this.insertEventFiles([file]);
    } finally {
      rmSync(file, { force: true });
    }
  }

  async insertEventFiles(paths: string[]): Promise<number> {
    if (paths.length === 0) return 0;
    return this.writeLock.run(async () => {
      const res = await this.conn.run(insertEventFilesSql(paths));
      return Number(res.rowsChanged);
    });
  }

  async listEvents(workspaceId: string, filter: { anonymous_id?: string; user_id?: string; limit?: number }): Promise<StoredEvent[]> {
    const where = ['workspace_id = $ws'];
    const params: Params = { ws: workspaceId, limit: Math.min(filter.limit ?? 1000, 10_000) };
    if (filter.anonymous_id !== undefined) {
      where.push('anonymous_id = $anon');
      params.anon = filter.anonymous_id;
    }
    if (filter.user_id !== undefined) {
      where.push('user_id = $user');
      params.user = filter.user_id;
    }
    const rows = await this.rows<Record<string, string | null>>(
      `SELECT *, strftime(ts, '%Y-%m-%dT%H:%M:%S.%gZ') AS ts_iso, revenue_amount::VARCHAR AS amount
       FROM events WHERE ${where.join(' AND ')} ORDER BY ts, id LIMIT $limit`,
      params,
    );
    return rows.map(rowToEvent);
  }

  async findClick(workspaceId: string, clickId: string): Promise<StoredEvent | undefined> {
    const rows = await this.rows<Record<string, string | null>>(
      `SELECT *, strftime(ts, '%Y-%m-%dT%H:%M:%S.%gZ') AS ts_iso, revenue_amount::VARCHAR AS amount
       FROM events WHERE workspace_id = $ws AND click_id = $cid ORDER BY ts LIMIT 1`,
      { ws: workspaceId, cid: clickId },
    );
    return rows[0] ? rowToEvent(rows[0]) : undefined;
  }

  async existingEventIds(workspaceId: string, ids: string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await this.rows<{ id: string }>(`SELECT DISTINCT id FROM events WHERE workspace_id = $ws AND id IN (${ids.map(sqlString).join(', ')})`, { ws: workspaceId });
    return rows.map((r) => String(r.id));
  }

  async countEvents(workspaceId: string): Promise<number> {
    return Number(await this.scalar(`SELECT count(*) FROM events WHERE workspace_id = $ws`, { ws: workspaceId }));
  }

  async deleteEvents(workspaceId: string, filter: EventDeletionFilter): Promise<number> {
    const where = ['workspace_id = $ws'];
    const params: Params = { ws: workspaceId };
    if (filter.ids !== undefined) {
      if (filter.ids.length === 0) return 0;
      where.push(`id IN (${filter.ids.map((id, i) => {
        params[`id${i}`] = id;
        return `$id${i}`;
      }).join(', ')})`);
    }
    if (filter.person !== undefined) {
      params.person = filter.person;
      where.push('(anonymous_id = $person OR user_id = $person OR anonymous_id IN (SELECT anonymous_id FROM events WHERE workspace_id = $ws AND user_id = $person))');
    }
    // ts is a UTC TIMESTAMP: instants compare as UTC wall-clock text.
    const utc = (iso: string) => iso.replace('T', ' ').replace('Z', '');
    if (filter.from !== undefined) {
      params.from = utc(filter.from);
      where.push('ts >= $from::TIMESTAMP');
    }
    if (filter.to !== undefined) {
      params.to = utc(filter.to);
      where.push('ts < $to::TIMESTAMP');
    }
    if (filter.source !== undefined) {
      params.source = filter.source;
      where.push('utm_source = $source');
    }
    return this.writeLock.run(async () => Number((await this.conn.run(`DELETE FROM events WHERE ${where.join(' AND ')}`, params)).rowsChanged));
  }

  // ---- erasure of a person (issue 12 #14) ----

  async personLinks(workspaceId: string, ids: PersonIds): Promise<PersonLinks> {
    const { ws, anon, users, emails } = this.personParams(workspaceId, { ...emptyPersonLinks(), ...ids });
    const rows = await this.rows<{ kind: string; value: string }>(personLinksSql, { ws, anon, users, emails });
    const out = emptyPersonLinks();
    const lists = { anon: out.anonymous_ids, user: out.user_ids, email: out.email_hashes, click: out.click_ids, order: out.order_ids } as Record<string, string[]>;
    for (const r of rows) lists[r.kind]?.push(String(r.value));
    return out;
  }

  async erasePerson(workspaceId: string, person: PersonLinks): Promise<PersonErasureCounts> {
    const params = this.personParams(workspaceId, person);
    const { anon, users, ws, emails, clicks, orders } = params;
    return this.transaction(async () => {
      const events = await this.rows<{ identify: boolean | null }>(erasePersonEventsSql, { ws, anon, users, emails }, this.conn);
      const orderCount = Number((await this.conn.run(erasePersonOrdersSql, { ws, users, emails, orders, clicks })).rowsChanged);
      const leadCount = Number((await this.conn.run(erasePersonLeadsSql, { ws, users, emails, clicks })).rowsChanged);
      await this.conn.run(erasePersonStagingSql, { ws, anon, users });
      return { events: events.length, traits: events.filter((e) => e.identify === true).length, orders: orderCount, leads: leadCount };
    });
  }

  /**
   * Rewrites the database file so deleted rows leave no bytes behind (DuckDB only marks them
   * free; `VACUUM` does not reclaim them): CHECKPOINT, `COPY FROM DATABASE` into a fresh file,
   * then the fresh file replaces the old one and the store reopens it. Reads and writes wait
   * meanwhile. An in-memory store has no file: it answers false.
   */
  async compact(): Promise<boolean> {
    if (this.path === ':memory:') return false;
    await this.writeLock.run(async () => {
      let done!: () => void;
      this.compacting = new Promise((resolve) => (done = resolve));
      try {
        while (this.reading > 0) await new Promise((resolve) => setTimeout(resolve, 5));
        await this.rewriteFile();
      } finally {
        this.compacting = undefined;
        done();
      }
    });
    return true;
  }

  private async rewriteFile(): Promise<void> {
    await this.conn.run('CHECKPOINT');
    const fresh = `${this.path}.compact-${process.pid}`;
    rmSync(fresh, { force: true });
    rmSync(`${fresh}.wal`, { force: true });
    const current = String((await this.conn.runAndReadAll(`SELECT current_database()`)).getRows()[0][0]);
    await this.conn.run(`ATTACH ${sqlString(fresh)} AS roilens_compact`);
    try {
      await this.conn.run(`COPY FROM DATABASE "${current.replace(/"/g, '""')}" TO roilens_compact`);
    } finally {
      await this.conn.run(`DETACH roilens_compact`);
    }
    this.readConn.closeSync();
    this.conn.closeSync();
    this.instance.closeSync();
    renameSync(fresh, this.path);
    rmSync(`${this.path}.wal`, { force: true });
    this.instance = await DuckDBInstance.create(this.path, this.openOptions);
    this.conn = await this.instance.connect();
    this.readConn = await this.instance.connect();
  }

  private personParams(workspaceId: string, p: PersonLinks): Params {
    return {
      ws: workspaceId, anon: JSON.stringify(p.anonymous_ids), users: JSON.stringify(p.user_ids), emails: JSON.stringify(p.email_hashes),
      clicks: JSON.stringify(p.click_ids), orders: JSON.stringify(p.order_ids),
    };
  }

  // ---- spend, orders, leads, rates ----

  async replaceSpend(workspaceId: string, rows: SpendRecord[], opts: SpendReplaceOptions = {}): Promise<SpendReplacement> {
    if (rows.length === 0) return summarizeSpendReplacement([], []);
    const del = spendDeletion(rows, opts.replace ?? 'keys');
    return this.transaction(async () => {
      let where: string;
      const params: Params = { ws: workspaceId };
      if (del.mode === 'keys') {
        await this.conn.run(`CREATE OR REPLACE TEMP TABLE spend_import_keys (source VARCHAR, account VARCHAR, campaign VARCHAR, ad VARCHAR, date DATE)`);
        await this.insertMany(`INSERT INTO spend_import_keys`, ['VARCHAR', 'VARCHAR', 'VARCHAR', 'VARCHAR', 'DATE'], del.keys);
        where = `EXISTS (SELECT 1 FROM spend_import_keys k WHERE k.source = spend.source AND k.account = spend.account
          AND k.campaign = spend.campaign AND k.ad = spend.ad AND k.date = spend.date)`;
      } else {
        await this.conn.run(`CREATE OR REPLACE TEMP TABLE spend_import_keys (source VARCHAR, account VARCHAR)`);
        await this.insertMany(`INSERT INTO spend_import_keys`, ['VARCHAR', 'VARCHAR'], del.groups.map((g) => [g.source, g.account]));
        where = `date BETWEEN $from::DATE AND $to::DATE
          AND EXISTS (SELECT 1 FROM spend_import_keys k WHERE k.source = spend.source AND (k.account IS NULL OR k.account = spend.account))`;
        Object.assign(params, { from: del.from, to: del.to });
      }
      const cols = `source, account, channel, campaign, ad, strftime(date, '%Y-%m-%d') AS date`;
      const deleted = opts.dryRun
        ? await this.rows<StoredSpendKey>(`SELECT ${cols} FROM spend WHERE workspace_id = $ws AND ${where}`, params, this.conn)
        : await this.rows<StoredSpendKey>(`DELETE FROM spend WHERE workspace_id = $ws AND ${where} RETURNING ${cols}`, params, this.conn);
      await this.conn.run(`DROP TABLE spend_import_keys`);
      if (!opts.dryRun) {
        const values = rows.map((r) => [workspaceId, r.date, r.channel, r.campaign, r.ad, spendSource(r), spendAccount(r), r.cost.amount, r.cost.currency, r.impressions, r.clicks, r.pricing_model]);
        await this.insertMany(
          `INSERT OR REPLACE INTO spend (workspace_id, date, channel, campaign, ad, source, account, cost, currency, impressions, clicks, pricing_model)`,
          ['VARCHAR', 'DATE', 'VARCHAR', 'VARCHAR', 'VARCHAR', 'VARCHAR', 'VARCHAR', 'DECIMAL(38,6)', 'VARCHAR', 'BIGINT', 'BIGINT', 'VARCHAR'],
          values,
        );
      }
      return summarizeSpendReplacement(rows, deleted);
    });
  }

  async upsertOrders(workspaceId: string, rows: OrderRecord[]): Promise<number> {
    await this.transaction(() =>
      this.insertMany(
        `INSERT OR REPLACE INTO orders (workspace_id, order_id, customer_id, ts, amount, currency, email_hash, click_id)`,
        ['VARCHAR', 'VARCHAR', 'VARCHAR', 'TIMESTAMPTZ', 'DECIMAL(38,6)', 'VARCHAR', 'VARCHAR', 'VARCHAR'],
        rows.map((r) => [workspaceId, r.order_id, r.customer_id, r.ts, r.amount.amount, r.amount.currency, r.email_hash ?? null, r.click_id ?? null]),
      ),
    );
    return rows.length;
  }

  async upsertLeads(workspaceId: string, rows: LeadRecord[]): Promise<number> {
    await this.transaction(() =>
      this.insertMany(
        `INSERT OR REPLACE INTO leads (workspace_id, lead_id, user_id, email_hash, click_id, created_at, mql_at, sql_at, opportunity_at, customer_at)`,
        ['VARCHAR', 'VARCHAR', 'VARCHAR', 'VARCHAR', 'VARCHAR', 'TIMESTAMPTZ', 'TIMESTAMPTZ', 'TIMESTAMPTZ', 'TIMESTAMPTZ', 'TIMESTAMPTZ'],
        rows.map((r) => [workspaceId, r.lead_id, r.user_id ?? null, r.email_hash ?? null, r.click_id ?? null, r.created_at, r.mql_at ?? null, r.sql_at ?? null, r.opportunity_at ?? null, r.customer_at ?? null]),
      ),
    );
    return rows.length;
  }

  async upsertRates(workspaceId: string, rows: RateRecord[]): Promise<number> {
    await this.transaction(() =>
      this.insertMany(
        `INSERT OR REPLACE INTO rates (workspace_id, date, currency, rate)`,
        ['VARCHAR', 'DATE', 'VARCHAR', 'DECIMAL(38,12)'],
        rows.map((r) => [workspaceId, r.date, r.currency, r.rate]),
      ),
    );
    return rows.length;
  }

  async listRates(workspaceId: string): Promise<RateRecord[]> {
    return this.rows<RateRecord>(`SELECT strftime(date, '%Y-%m-%d') AS date, currency, rate::VARCHAR AS rate FROM rates WHERE workspace_id = $ws ORDER BY currency, date`, { ws: workspaceId });
  }

  // ---- channel rules and links ----

  async getChannelRules(workspaceId: string): Promise<ChannelRule[] | undefined> {
    const raw = await this.scalar<string | null>(`SELECT channel_rules FROM workspaces WHERE id = $id`, { id: workspaceId });
    return raw ? (JSON.parse(raw) as ChannelRule[]) : undefined;
  }

  async setChannelRules(workspaceId: string, rules: ChannelRule[], classify: (e: Pick<EventRecord, 'utm' | 'referrer' | 'click_id' | 'properties' | 'url'>) => string): Promise<number> {
    // Channels depend only on these few columns, so reclassify their distinct combinations, not every event.
    const combos = await this.rows<Record<string, string | null>>(
      `SELECT DISTINCT utm_source, utm_medium, referrer, click_id IS NOT NULL AS has_click,
         json_extract_string(properties, '$.gclid') AS gclid, json_extract_string(properties, '$.msclkid') AS msclkid,
         json_extract_string(properties, '$.fbclid') AS fbclid, json_extract_string(properties, '$.ttclid') AS ttclid,
         regexp_extract(url, '^https?://([^/:?#]+)', 1) AS host, regexp_extract(url, '[?&](gclid|msclkid|fbclid|ttclid|rl_cid)=', 1) AS url_kind
       FROM events WHERE workspace_id = $ws`,
      { ws: workspaceId },
    );
    return this.transaction(async () => {
      await this.conn.run(`UPDATE workspaces SET channel_rules = $rules WHERE id = $id`, { id: workspaceId, rules: JSON.stringify(rules) });
      await this.conn.run(`CREATE OR REPLACE TEMP TABLE channel_map (utm_source VARCHAR, utm_medium VARCHAR, referrer VARCHAR, has_click BOOLEAN, gclid VARCHAR, msclkid VARCHAR, fbclid VARCHAR, ttclid VARCHAR, host VARCHAR, url_kind VARCHAR, channel VARCHAR)`);
      const values = combos.map((c) => {
        const props: Record<string, unknown> = {};
        for (const k of ['gclid', 'msclkid', 'fbclid', 'ttclid'] as const) if (c[k]) props[k] = c[k];
        if (c.url_kind) props[c.url_kind] = 'x';
        const channel = classify({
          utm: { source: c.utm_source ?? undefined, medium: c.utm_medium ?? undefined },
          referrer: c.referrer ?? undefined,
          click_id: c.has_click ? 'x' : undefined,
          properties: props,
          url: c.host ? `https://${c.host}/` : undefined,
        });
        return [c.utm_source, c.utm_medium, c.referrer, Boolean(c.has_click), c.gclid, c.msclkid, c.fbclid, c.ttclid, c.host, c.url_kind, channel];
      });
      await this.insertMany(`INSERT INTO channel_map`, ['VARCHAR', 'VARCHAR', 'VARCHAR', 'BOOLEAN', 'VARCHAR', 'VARCHAR', 'VARCHAR', 'VARCHAR', 'VARCHAR', 'VARCHAR', 'VARCHAR'], values);
      const res = await this.conn.run(`
        UPDATE events e SET channel = m.channel FROM channel_map m
        WHERE e.workspace_id = $ws
          AND e.utm_source IS NOT DISTINCT FROM m.utm_source AND e.utm_medium IS NOT DISTINCT FROM m.utm_medium
          AND e.referrer IS NOT DISTINCT FROM m.referrer AND (e.click_id IS NOT NULL) = m.has_click
          AND json_extract_string(e.properties, '$.gclid') IS NOT DISTINCT FROM m.gclid
          AND json_extract_string(e.properties, '$.msclkid') IS NOT DISTINCT FROM m.msclkid
          AND json_extract_string(e.properties, '$.fbclid') IS NOT DISTINCT FROM m.fbclid
          AND json_extract_string(e.properties, '$.ttclid') IS NOT DISTINCT FROM m.ttclid
          AND regexp_extract(e.url, '^https?://([^/:?#]+)', 1) IS NOT DISTINCT FROM m.host
          AND regexp_extract(e.url, '[?&](gclid|msclkid|fbclid|ttclid|rl_cid)=', 1) IS NOT DISTINCT FROM m.url_kind
          AND e.channel <> m.channel`, { ws: workspaceId });
      await this.conn.run(`DROP TABLE channel_map`);
      return Number(res.rowsChanged);
    });
  }

  async putDocument(workspaceId: string, collection: string, id: string, body: unknown): Promise<void> {
    await this.write(`INSERT OR REPLACE INTO documents (workspace_id, collection, id, body, updated_at) VALUES ($ws, $c, $id, $body, now())`, {
      ws: workspaceId, c: collection, id, body: JSON.stringify(body),
    });
  }

  async getDocument<T>(workspaceId: string, collection: string, id: string): Promise<T | undefined> {
    const body = await this.scalar<string | undefined>(`SELECT body FROM documents WHERE workspace_id = $ws AND collection = $c AND id = $id`, { ws: workspaceId, c: collection, id });
    return body ? (JSON.parse(body) as T) : undefined;
  }

  async listDocuments<T>(workspaceId: string, collection: string): Promise<T[]> {
    const rows = await this.rows<{ body: string }>(`SELECT body FROM documents WHERE workspace_id = $ws AND collection = $c ORDER BY id`, { ws: workspaceId, c: collection });
    return rows.map((r) => JSON.parse(r.body) as T);
  }

  async deleteDocument(workspaceId: string, collection: string, id: string): Promise<boolean> {
    return this.writeLock.run(async () => {
      const res = await this.conn.run(`DELETE FROM documents WHERE workspace_id = $ws AND collection = $c AND id = $id`, { ws: workspaceId, c: collection, id });
      return Number(res.rowsChanged) > 0;
    });
  }

  async experimentStats(workspaceId: string, query: { experiment: string; from?: string; to?: string; counting?: ExperimentCounting }): Promise<ExperimentVariantStats[]> {
    const ws = await this.getWorkspace(workspaceId);
    if (!ws) throw new AppError('not_found', `workspace ${workspaceId} does not exist`);
    const from = query.from ?? '1970-01-01';
    const rows = await this.rows<Record<string, unknown>>(experimentStatsSql(query.counting), {
      ...rangeSqlParams({ ws: workspaceId, from, to: query.to ?? '2999-12-31', lookbackDays: 30, base: ws.currency, timezone: ws.timezone }), exp: query.experiment, from,
    });
    return rows.map((r) => ({
      variant: String(r.variant), users: Number(r.users), converters: Number(r.converters), conversions: Number(r.conversions),
      revenue_sum: Number(r.revenue_sum), revenue_sum_squares: Number(r.revenue_sum_squares), leads: Number(r.leads),
    }));
  }

  async experimentSample(workspaceId: string, query: { experiment: string; from?: string; to?: string }): Promise<ExperimentSample> {
    const rows = await this.rows<{ kind: string; variant: string | null; source: string | null; units: number | bigint }>(experimentSampleSql(), {
      ws: workspaceId, exp: query.experiment, from: query.from ?? '1970-01-01', to: query.to ?? '2999-12-31',
    });
    return {
      unsigned_units: Number(rows.find((r) => r.kind === 'unsigned')?.units ?? 0),
      top_sources: rows.filter((r) => r.kind === 'source').map((r) => ({ variant: String(r.variant), source: String(r.source), units: Number(r.units) })),
    };
  }

  async experimentExposures(workspaceId: string, query: { experiment: string; from?: string; to?: string; limit: number; signed_only?: boolean }): Promise<ExperimentExposure[]> {
    const rows = await this.rows<{ anonymous_id: string; variant: string; hash_version: string }>(experimentExposuresSql(query.signed_only), {
      ws: workspaceId, exp: query.experiment, from: query.from ?? '1970-01-01', to: query.to ?? '2999-12-31', limit: query.limit,
    });
    return rows.map((r) => ({ anonymous_id: String(r.anonymous_id), variant: String(r.variant), hash_version: r.hash_version === '' ? null : String(r.hash_version) }));
  }

  claimIdempotencyKey(workspaceId: string, claim: IdempotencyClaim): Promise<IdempotencyState> { return this.writeLock.run(() => claimKey({ rows: (q, p) => this.rows(q, p), run: (q, p) => this.conn.run(q, p) }, workspaceId, claim)); }
  settleIdempotencyKey(workspaceId: string, operation: string, key: string, answer: { status: number; body: string } | null): Promise<void> { return this.writeLock.run(() => settleKey({ rows: (q, p) => this.rows(q, p), run: (q, p) => this.conn.run(q, p) }, workspaceId, operation, key, answer)); }

  async createLink(workspaceId: string, link: TrackingLink & { deleted_at?: string }): Promise<boolean> {
    return this.writeLock.run(async () => {
      const res = await this.conn.runAndReadAll(
        `INSERT INTO links (slug, workspace_id, destination, channel, utm, disabled, created_at, updated_at, deleted_at)
         VALUES ($slug, $ws, $dest, $ch, $utm, $disabled, $at::TIMESTAMPTZ, $updated::TIMESTAMPTZ, $deleted::TIMESTAMPTZ)
         ON CONFLICT DO NOTHING RETURNING slug`,
        {
          slug: link.slug, ws: workspaceId, dest: link.destination, ch: link.channel ?? null, utm: JSON.stringify(link.utm), disabled: link.disabled,
          at: link.created_at, updated: link.updated_at ?? null, deleted: link.deleted_at ?? null,
        },
      );
      return res.getRows().length === 1;
    });
  }

  async getLink(workspaceId: string, slug: string): Promise<TrackingLink | undefined> {
    const rows = await this.rows<LinkRow>(`SELECT ${linkColumns} FROM links WHERE workspace_id = $ws AND slug = $slug AND deleted_at IS NULL`, { ws: workspaceId, slug });
    return rows[0] ? rowToLink(rows[0]) : undefined;
  }

  async listLinks(workspaceId: string, page: { after?: string; limit?: number } = {}): Promise<TrackingLink[]> {
    const rows = await this.rows<LinkRow>(listLinksSql(page.limit !== undefined), { ws: workspaceId, after: page.after ?? '', ...(page.limit === undefined ? {} : { limit: page.limit }) });
    return rows.map(rowToLink);
  }

  async updateLink(workspaceId: string, slug: string, patch: TrackingLinkPatch): Promise<TrackingLink | undefined> {
    const values: Params = {
      ...(patch.destination !== undefined ? { destination: patch.destination } : {}),
      ...(patch.channel !== undefined ? { channel: patch.channel } : {}),
      ...(patch.utm !== undefined ? { utm: JSON.stringify(patch.utm) } : {}),
      ...(patch.disabled !== undefined ? { disabled: patch.disabled } : {}),
    };
    const sets = ['updated_at = $now::TIMESTAMPTZ', ...Object.keys(values).map((k) => `${k} = $${k}`)].join(', ');
    const changed = await this.writeLock.run(async () =>
      Number((await this.conn.run(`UPDATE links SET ${sets} WHERE workspace_id = $ws AND slug = $slug AND deleted_at IS NULL`, { ...values, ws: workspaceId, slug, now: new Date().toISOString() })).rowsChanged));
    return changed > 0 ? this.getLink(workspaceId, slug) : undefined;
  }

  async deleteLink(workspaceId: string, slug: string): Promise<boolean> {
    const changed = await this.writeLock.run(async () =>
      Number((await this.conn.run(`UPDATE links SET deleted_at = $now::TIMESTAMPTZ WHERE workspace_id = $ws AND slug = $slug AND deleted_at IS NULL`, { ws: workspaceId, slug, now: new Date().toISOString() })).rowsChanged));
    return changed > 0;
  }

  async resolveLink(slug: string): Promise<ResolvedLink | undefined> {
    const r = (await this.rows<LinkRow>(`SELECT ${linkColumns} FROM links WHERE slug = $slug`, { slug }))[0];
    return r ? { workspace_id: String(r.workspace_id), link: rowToLink(r), deleted: r.deleted_at !== null } : undefined;
  }

  async linkStats(workspaceId: string, query: { from: string; to: string; lookbackDays: number }): Promise<LinkStatsRow[]> {
    const ws = await this.getWorkspace(workspaceId);
    if (!ws) throw new AppError('not_found', `workspace ${workspaceId} does not exist`);
    const params = linkStatsParams({ ws: workspaceId, from: query.from, to: query.to, lookbackDays: query.lookbackDays, base: ws.currency, timeZone: ws.timezone });
    const rows = await this.rows<Record<string, string | number>>(linkStatsSql(), params);
    return rows.map((r) => ({ slug: String(r.slug), clicks: Number(r.clicks), unique_clicks: Number(r.unique_clicks), conversions: Number(r.conversions), revenue: String(r.revenue) }));
  }

  // ---- analysis ----

  async kpiFacts(workspaceId: string, query: KpiQuery): Promise<KpiFacts> {
    const ws = await this.getWorkspace(workspaceId);
    if (!ws) throw new AppError('not_found', `workspace ${workspaceId} does not exist`);
    const rows = await this.rows<Record<string, string | number | boolean | null>>(
      kpiFactsSql(query.by, ws.timezone, await getRevenueSources(this, workspaceId), calendarBuckets(query.calendar, query.from, query.to)),
      kpiSqlParams({ ws: workspaceId, from: query.from, to: query.to, lookbackDays: query.lookbackDays, base: ws.currency, timezone: ws.timezone }),
    );
    return kpiFactsFromRows(rows, query, ws.currency, (v) => (v === null || v === undefined ? '0' : String(v)));
  }

  async dataRange(workspaceId: string): Promise<DataRange> {
    const rows = await this.rows<{ from: string | null; to: string | null }>(
      `SELECT strftime(min(d), '%Y-%m-%d') AS "from", strftime(max(d), '%Y-%m-%d') AS "to" FROM (
         SELECT min(ts)::DATE AS d FROM events WHERE workspace_id = $ws UNION ALL SELECT max(ts)::DATE FROM events WHERE workspace_id = $ws
         UNION ALL SELECT min(date) FROM spend WHERE workspace_id = $ws UNION ALL SELECT max(date) FROM spend WHERE workspace_id = $ws)`,
      { ws: workspaceId },
    );
    return rows[0] ?? { from: null, to: null };
  }

  async channelDaily(workspaceId: string, query: { from: string; to: string; lookbackDays: number }): Promise<ChannelDay[]> {
    const ws = await this.getWorkspace(workspaceId);
    if (!ws) throw new AppError('not_found', `workspace ${workspaceId} does not exist`);
    const rows = await this.rows<ChannelDay>(
      channelDailySql(ws.timezone, await getRevenueSources(this, workspaceId)),
      kpiSqlParams({ ws: workspaceId, from: query.from, to: query.to, lookbackDays: query.lookbackDays, base: ws.currency, timezone: ws.timezone }),
    );
    return rows.map((r) => ({ ...r, conversions: Number(r.conversions) }));
  }

  async journeys(workspaceId: string, query: JourneyQuery): Promise<Journey[]> {
    return unpackJourneys(await this.packedJourneys(workspaceId, query));
  }

  /**
   * The journeys' rows packed a slice of a result chunk at a time (`eachChunk`): the event loop
   * runs between slices, and only one slice's strings are JavaScript values at once (issue 12 #7).
   */
  async packedJourneys(workspaceId: string, query: JourneyQuery): Promise<PackedJourneys> {
    const ws = await this.getWorkspace(workspaceId);
    if (!ws) throw new AppError('not_found', `workspace ${workspaceId} does not exist`);
    const params = rangeSqlParams({ ws: workspaceId, from: query.from, to: query.to, lookbackDays: query.lookbackDays, base: ws.currency, timezone: ws.timezone });
    const chunks: PackedJourneyChunk[] = [];
    await this.eachChunk(journeysSql(query.includeNonConverting), params, (column) => {
      chunks.push(packJourneyColumns({ person: column('person'), conversionId: column('conv_key'), conversionTs: column('conv_ts'), value: column('value'), touches: column('touches') }));
    });
    return { chunks };
  }

  // ---- customers ----

  async customerTransactions(workspaceId: string, query: { to?: string }): Promise<CustomerTransaction[]> {
    const { params, timezone } = await this.customerParams(workspaceId, { to: query.to });
    const rows = await this.rows<CustomerTransaction>(customerTransactionsSql(timezone), params);
    return rows.map((r) => ({ customer_id: r.customer_id, date: r.date, amount: Number(r.amount), order_id: r.order_id }));
  }

  async customerProfiles(workspaceId: string, query: { ids?: string[]; segment?: SegmentQuery; limit?: number }): Promise<CustomerProfile[]> {
    const { params, timezone } = await this.customerParams(workspaceId, { to: query.segment?.asOf });
    const where = this.peopleFilter(query, params, timezone);
    if (query.limit !== undefined) params.limit = query.limit;
    const rows = await this.rows<Record<string, string | number | null>>(customerProfilesSql(where, query.limit !== undefined, timezone), params);
    return rows.map(rowToProfile);
  }

  async peopleStats(workspaceId: string, query: { segment?: SegmentQuery }): Promise<PeopleStats> {
    const { params, timezone } = await this.customerParams(workspaceId, { to: query.segment?.asOf });
    const row = (await this.rows<PeopleStats>(peopleStatsSql(this.peopleFilter(query, params, timezone)), params))[0];
    return { people: Number(row.people), buyers: Number(row.buyers), orders: Number(row.orders), revenue: Number(row.revenue) };
  }

  async crmFunnel(workspaceId: string, query: { from: string; to: string; by: 'channel' | 'campaign' | null; lookbackDays?: number }): Promise<CrmFunnelRow[]> {
    const { params } = await this.customerParams(workspaceId, { from: query.from, to: query.to, lookbackDays: query.lookbackDays });
    const rows = await this.rows<Record<string, string | number | null>>(crmFunnelSql(query.by), params);
    return rows.map((r) => ({
      key: r.key === null ? null : String(r.key),
      ...(r.channel !== null ? { channel: String(r.channel) } : {}),
      stages: crmStages.map((stage) => ({
        stage,
        count: Number(r[stage]),
        median_days: stage === 'lead' || r[`${stage}_days`] === null ? null : Number(r[`${stage}_days`]),
      })),
    }));
  }

  /** Parameters of the customer queries over local days `from`..`to` (inclusive; default: the whole history), and the workspace time zone. */
  // ---- aggregates: computed in Node from the sales (an embedded engine's reads are cheap) ----

  async rfmScoreCounts(workspaceId: string, query: { asOf?: string; compareDays: number }): Promise<RfmScoreCounts> {
    return rfmScoreCountsOf(await this.customerTransactions(workspaceId, { to: query.asOf }), query);
  }

  async firstPurchasesByDay(workspaceId: string, query: { to: string }): Promise<Map<string, number>> {
    return firstPurchasesByDay(await this.customerTransactions(workspaceId, { to: query.to }));
  }

  private async customerParams(workspaceId: string, range: { from?: string; to?: string; lookbackDays?: number }): Promise<{ params: Params; timezone: string }> {
    const ws = await this.getWorkspace(workspaceId);
    if (!ws) throw new AppError('not_found', `workspace ${workspaceId} does not exist`);
    const params = rangeSqlParams({
      ws: workspaceId, from: range.from ?? '1970-01-01', to: range.to ?? '2999-12-31', lookbackDays: range.lookbackDays ?? 30, base: ws.currency, timezone: ws.timezone,
    });
    return { params, timezone: ws.timezone };
  }

  private peopleFilter(query: { ids?: string[]; segment?: SegmentQuery }, params: Params, timezone: string): string {
    const where: string[] = [];
    if (query.ids) {
      params.ids = JSON.stringify(query.ids);
      where.push(`list_contains(from_json($ids, '["VARCHAR"]'), p.person)`);
    }
    if (query.segment) {
      where.push(compileSegment(query.segment.rules, params, query.segment.asOf, timezone));
    }
    return where.length ? where.join(' AND ') : 'TRUE';
  }

  /** Reads whole tables back out, for `roilens migrate` (an embedded-store capability). */
  async exporter(): Promise<DuckDbExport> {
    return new DuckDbExport(await this.instance.connect());
  }

  // ---- plumbing ----

  private async rows<T>(sql: string, params: Params = {}, conn?: DuckDBConnection): Promise<T[]> {
    const reader = await this.read(conn, (c) => c.runAndReadAll(sql, params));
    return reader.getRowObjectsJS() as unknown as T[];
  }

  /**
   * Runs a read and hands its rows to `each` as JavaScript column values, `sliceRows` rows at a
   * time: result chunks are fetched asynchronously and the event loop runs between slices too, so
   * no slice holds it for long (issue 12 #7).
   */
  private async eachChunk(sql: string, params: Params, each: (column: <T>(name: string) => T[]) => void, sliceRows = 256): Promise<void> {
    await this.read(undefined, async (c) => {
      const result = await c.run(sql, params);
      const index = new Map(result.columnNames().map((name, i) => [name, i]));
      for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
        const current = chunk;
        for (let from = 0; from < current.rowCount; from += sliceRows) {
          if (from > 0) await new Promise<void>((resolve) => setImmediate(resolve));
          const to = Math.min(current.rowCount, from + sliceRows);
          each(<T>(name: string) => {
            const vector = current.getColumnVector(index.get(name)!);
            const values: T[] = [];
            for (let row = from; row < to; row++) values.push(vector.getItem(row) as T);
            return values;
          });
        }
      }
    });
  }

  private async scalar<T = unknown>(sql: string, params: Params = {}, conn?: DuckDBConnection): Promise<T> {
    const reader = await this.read(conn, (c) => c.runAndReadAll(sql, params));
    const row = reader.getRows()[0];
    const v = row?.[0];
    return (typeof v === 'bigint' ? Number(v) : v) as T;
  }

  /**
   * Runs a read on `conn` (the write connection, inside the write lock) or on the read
   * connection, which `compact` replaces: reads wait while it does, and it waits for reads.
   */
  private async read<T>(conn: DuckDBConnection | undefined, fn: (c: DuckDBConnection) => Promise<T>): Promise<T> {
    if (conn) return fn(conn);
    while (this.compacting) await this.compacting;
    this.reading += 1;
    try {
      return await fn(this.readConn);
    } finally {
      this.reading -= 1;
    }
  }

  private async write(sql: string, params: Params): Promise<void> {
    await this.writeLock.run(() => this.conn.run(sql, params));
  }

  private async transaction<T>(fn: () => Promise<T>): Promise<T> {
    return this.writeLock.run(async () => {
      await this.conn.run('BEGIN TRANSACTION');
      try {
        const out = await fn();
        await this.conn.run('COMMIT');
        return out;
      } catch (err) {
        await this.conn.run('ROLLBACK');
        throw err;
      }
    });
  }

  /** Inserts rows through a VALUES list cast to the column types; call inside a transaction. */
  private async insertMany(insert: string, types: string[], rows: (string | number | boolean | null)[][]): Promise<void> {
    const chunk = 500;
    for (let i = 0; i < rows.length; i += chunk) {
      const part = rows.slice(i, i + chunk);
      const params: DuckDBValue[] = [];
      const tuples = part.map((row) => `(${row.map((v, j) => {
        params.push(v === null ? null : typeof v === 'boolean' ? v : String(v));
        return `$${params.length}::${types[j]}`;
      }).join(', ')})`);
      await this.conn.run(`${insert} VALUES ${tuples.join(', ')}`, params);
    }
  }
}

function rowToProfile(r: Record<string, string | number | null>): CustomerProfile {
  const text = (v: string | number | null) => (v === null || v === undefined ? null : String(v));
  const traits: Record<string, unknown> = {};
  for (const props of JSON.parse(String(r.identify_props ?? 'null')) ?? []) {
    Object.assign(traits, typeof props === 'string' ? JSON.parse(props) : props);
  }
  return {
    customer_id: String(r.customer_id),
    anonymous_ids: JSON.parse(String(r.anonymous_ids ?? '[]')),
    first_seen: text(r.first_seen),
    last_seen: text(r.last_seen),
    first_touch: r.first_channel === null ? null : { channel: String(r.first_channel), campaign: String(r.first_campaign) },
    acquisition: r.acq_channel === null ? null : { channel: String(r.acq_channel), campaign: String(r.acq_campaign), date: String(r.acq_date) },
    orders: Number(r.orders),
    revenue: Number(r.revenue),
    country: text(r.country),
    city: text(r.city),
    device: text(r.device),
    language: text(r.language),
    email_hash: text(r.email_hash),
    traits,
  };
}
