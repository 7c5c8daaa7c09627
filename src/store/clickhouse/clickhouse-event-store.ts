import { readFileSync } from 'node:fs';
import { calendarBuckets } from '../../metrics/calendar-buckets.js';
import Big from 'big.js';
import type { EventRecord, LeadRecord, OrderRecord, RateRecord, SpendRecord, StoredEvent } from '../../records/events.js';
import type { KpiFacts, KpiQuery } from '../../metrics/kpi-query.js';
import type { ChannelDay, DataRange } from '../store.js';
import { listEventsMax, type EventListFilter } from '../ports/event-log.js';
import { context, dayMs, type SqlContext } from './base-sql.js';
import { ClickHouseClient } from './clickhouse-client.js';
import { addMissingColumns, dropStatements, schemaStatements, spendMigrationStatements, spendNeedsMigrationSql, type ClickHouseTopology } from './clickhouse-schema.js';
import { epochMs, eventListWhere, eventRow, eventSelect, leadRow, orderRow, rateRow, rowToEvent, spendRow, VersionClock } from './event-rows.js';
import { channelDailySql, kpiFactsSql } from './kpi-sql.js';
import { kpiFactsFromRows } from '../meanings/kpi-measures.js';
import { chIdentifier, chValue } from './sql-literal.js';
import { mapInSlices, tsvEncoder } from './tab-separated.js';
import { deletionRangeMs, type EventDeletionFilter } from '../event-deletion.js';
import { AppError } from '../../shared/errors.js';
import type { PersonErasureCounts, PersonIds, PersonLinks } from '../person-erasure.js';
import { erasePerson, personLinks, type ErasureTarget } from './person-erasure.js';
import { spendDeletion, summarizeSpendReplacement, type SpendReplaceOptions, type SpendReplacement, type StoredSpendKey } from '../spend-ranges.js';
import { batchedIdLookup } from '../batched-id-lookup.js';
import { ClickHouseRollups } from './rollups/clickhouse-rollups.js';
import { kpiRollupSql } from './rollups/rollup-kpi-sql.js';

type Row = Record<string, string | number | null>;

/**
 * The events half of the scale-out store on ClickHouse: events, spend, orders,
 * leads and rates in ReplacingMergeTree tables (on one server or sharded behind
 * Distributed tables), and the analysis queries over them, computed in SQL.
 * Workspace metadata (currency, rules) is passed in by the composite store.
 *
 * Deduplication: `insertEvents` looks up which ids of the batch are stored with
 * a timestamp inside the batch's time range and inserts the rest, so it can count
 * what was new. A batch delivered again (a writer died before its acks, a client
 * re-sent it) carries the same ids and times, so it is found and stored once.
 * Copies the look-up cannot see collapse on read instead: an id re-sent with a
 * time outside its batch's range, or the same new id inserted by two writers at
 * the same moment, is a second row with the same sorting key (workspace, id);
 * every read uses FINAL (the newest version wins) or counts distinct ids, and
 * merges drop the copy within a partition. Only the returned "new" count can be
 * off in those two cases.
 */
export class ClickHouseEventStore {
  private readonly client: ClickHouseClient;
  private readonly db: string;
  private readonly clock = new VersionClock();
  /** The KPI rollups (issue 14), on the query node; every write below that changes them marks them. */
  readonly rollups: ClickHouseRollups;

  constructor(private readonly topology: ClickHouseTopology) {
    this.client = new ClickHouseClient(topology.url);
    this.db = chIdentifier(topology.database);
    this.rollups = new ClickHouseRollups(this.client, topology.database, this.clock);
  }

  async migrate(): Promise<void> {
    const nodes = this.topology.kind === 'single' ? [this.topology.url] : this.topology.shards;
    for (const url of nodes) {
      const client = new ClickHouseClient(url);
      const old = await client.query<{ n: string | number }>(spendNeedsMigrationSql(this.topology));
      if (Number(old[0]?.n ?? 0) > 0) for (const m of spendMigrationStatements(this.topology, url)) await client.exec(m.sql);
    }
    for (const s of schemaStatements(this.topology)) await new ClickHouseClient(s.url).exec(s.sql);
    for (const url of nodes) await addMissingColumns(this.topology, new ClickHouseClient(url));
    await this.rollups.tables();
  }

  /** Drops the database on every node (tests). */
  async drop(): Promise<void> {
    for (const s of dropStatements(this.topology)) await new ClickHouseClient(s.url).exec(s.sql);
    this.rollups.forget();
  }

  // ---- events ----
  async insertEvents(workspaceId: string, events: StoredEvent[]): Promise<number> {
    const batch = new Map<string, StoredEvent>();
    let from = Infinity;
    let to = -Infinity;
    for (const e of events) {
      if (!e.id || batch.has(e.id)) continue;
      batch.set(e.id, e);
      const ms = epochMs(e.ts, 'ts');
      if (ms < from) from = ms;
      if (ms > to) to = ms;
    }
    if (batch.size === 0) return 0;
    const version = this.clock.next();
    const encode = tsvEncoder(eventColumns, { revenue_amount: 6 });
    // The rows are encoded while ClickHouse answers the look-up.
    const [stored, lines] = await Promise.all([
      // PREWHERE reads ids only where the batch's times are, and parts outside them are skipped
      // by their min/max of ts: the look-up costs what is stored in that time range, not the table.
      this.client.queryWithList<{ id: string }>(
        `SELECT DISTINCT id FROM ${this.db}.events PREWHERE ts >= ${chValue(from)} AND ts <= ${chValue(to)} WHERE workspace_id = ${chValue(workspaceId)} AND id IN batch_ids`,
        { name: 'batch_ids', column: 'id', values: [...batch.keys()] },
      ),
      mapInSlices([...batch.values()], (e) => [e.id, encode(eventRow(workspaceId, e, version))] as const).then((pairs) => new Map(pairs)),
    ]);
    for (const r of stored) lines.delete(r.id);
    await this.client.insertLines(`${this.db}.events`, eventColumns, [...lines.values()]);
    if (lines.size > 0) await this.rollups.mark(workspaceId);
    return lines.size;
  }

  /** Loads spool files (JSON lines `{"w", "e": [...]}`); lines that do not parse (a torn tail) are skipped. */
  async insertEventFiles(paths: string[]): Promise<number> {
    let inserted = 0;
    for (const path of paths) {
      const byWorkspace = new Map<string, StoredEvent[]>();
      for (const line of readFileSync(path, 'utf8').split('\n')) {
        if (!line.trim()) continue;
        let parsed: { w?: string; e?: StoredEvent[] };
        try {
          parsed = JSON.parse(line);
        } catch {
          continue;
        }
        if (typeof parsed.w !== 'string' || !Array.isArray(parsed.e)) continue;
        const list = byWorkspace.get(parsed.w) ?? [];
        list.push(...parsed.e);
        byWorkspace.set(parsed.w, list);
      }
      for (const [ws, list] of byWorkspace) inserted += await this.insertEvents(ws, list);
    }
    return inserted;
  }

  async listEvents(workspaceId: string, filter: EventListFilter): Promise<StoredEvent[]> {
    const limit = Math.min(Math.max(Math.trunc(filter.limit ?? 1000), 0), listEventsMax);
    const rows = await this.client.query<Record<string, string | null>>(
      `SELECT * FROM (SELECT ${eventSelect} FROM ${this.db}.events FINAL WHERE ${eventListWhere(workspaceId, filter)}) ORDER BY ${filter.last ? 'ts DESC, id DESC' : 'ts, id'} LIMIT ${limit}`,
    );
    const events = rows.map(rowToEvent);
    return filter.last ? events.reverse() : events;
  }

  async findClick(workspaceId: string, clickId: string): Promise<StoredEvent | undefined> {
    const rows = await this.client.query<Record<string, string | null>>(
      `SELECT * FROM (SELECT ${eventSelect} FROM ${this.db}.events FINAL WHERE workspace_id = ${chValue(workspaceId)} AND click_id = ${chValue(clickId)}) ORDER BY ts LIMIT 1`,
    );
    return rows[0] ? rowToEvent(rows[0]) : undefined;
  }

  /** Which of `ids` the workspace stores; concurrent calls share one query (`batched-id-lookup.ts`). */
  readonly existingEventIds = batchedIdLookup(async (workspaceId, ids) => {
    const rows = await this.client.query<{ id: string }>(`SELECT DISTINCT id FROM ${this.db}.events WHERE workspace_id = ${chValue(workspaceId)} AND id IN (${ids.map((id) => chValue(id)).join(', ')})`);
    return rows.map((r) => String(r.id));
  });

  async countEvents(workspaceId: string): Promise<number> {
    const rows = await this.client.query<{ n: string }>(`SELECT uniqExact(id) AS n FROM ${this.db}.events WHERE workspace_id = ${chValue(workspaceId)}`);
    return Number(rows[0]?.n ?? 0);
  }

  /**
   * Deletes events with a mutation (`ALTER TABLE … DELETE`, on each shard's local table in a
   * cluster) and waits until it is done, so every read after it, FINAL or not, sees the rest.
   * The person's stitched devices are looked up first (18.16 mutations take no subqueries).
   */
  async deleteEvents(workspaceId: string, filter: EventDeletionFilter): Promise<number> {
    const where = [`workspace_id = ${chValue(workspaceId)}`];
    if (filter.ids !== undefined) {
      if (filter.ids.length === 0) return 0;
      where.push(`id IN (${filter.ids.map((id) => chValue(id)).join(', ')})`);
    }
    if (filter.person !== undefined) {
      const devices = await this.client.query<{ anonymous_id: string }>(
        `SELECT DISTINCT anonymous_id FROM ${this.db}.events WHERE workspace_id = ${chValue(workspaceId)} AND user_id = ${chValue(filter.person)}`,
      );
      const anonymous = [filter.person, ...devices.map((d) => d.anonymous_id)];
      where.push(`(anonymous_id IN (${anonymous.map((a) => chValue(a)).join(', ')}) OR ifNull(user_id, '') = ${chValue(filter.person)})`);
    }
    const range = deletionRangeMs(filter);
    if (range.from !== undefined) where.push(`ts >= ${chValue(range.from)}`);
    if (range.to !== undefined) where.push(`ts < ${chValue(range.to)}`);
    // Nullable columns through ifNull: 18.16 mutations delete the rows where the condition is NULL.
    if (filter.source !== undefined) where.push(`ifNull(utm_source, '') = ${chValue(filter.source)}`);
    const condition = where.join(' AND ');
    const found = await this.client.query<{ n: string }>(`SELECT uniqExact(id) AS n FROM ${this.db}.events WHERE ${condition}`);
    const n = Number(found[0]?.n ?? 0);
    if (n === 0) return 0;
    const nodes = this.topology.kind === 'single' ? [{ url: this.topology.url, table: 'events' }] : this.topology.shards.map((url) => ({ url, table: 'events_local' }));
    for (const node of nodes) {
      const client = new ClickHouseClient(node.url);
      await client.exec(`ALTER TABLE ${this.db}.${node.table} DELETE WHERE ${condition}`);
      await waitForMutations(client, this.topology.database, node.table);
    }
    await this.rollups.mark(workspaceId);
    return n;
  }

  /** Ids one step away from `ids` (issue 12 #14, see `store/person-erasure.ts`). */
  personLinks(workspaceId: string, ids: PersonIds): Promise<PersonLinks> {
    return personLinks(this.erasureTarget(), workspaceId, ids);
  }

  /** Deletes the person's events, orders and leads by mutations on every node (issue 12 #14). */
  async erasePerson(workspaceId: string, person: PersonLinks): Promise<PersonErasureCounts> {
    const counts = await erasePerson(this.erasureTarget(), workspaceId, person);
    await this.rollups.mark(workspaceId);
    // The built rollups still hold the person's ids (visitor sets, sales): gone now, rebuilt at the next read.
    await this.rollups.dropAll(workspaceId);
    return counts;
  }

  /** The client, database and topology that mutations on every node need (erasure, dropping a workspace). */
  erasureTarget(): ErasureTarget {
    return { client: this.client, db: this.db, topology: this.topology, waitForMutations };
  }

  /**
   * Re-derives every event's channel: the distinct combinations of the columns a channel
   * depends on are classified in Node, then the changed events are written again with a
   * newer version (the replacing row lands on the same shard: the sharding key is unchanged).
   */
  async reclassify(workspaceId: string, classify: (e: Pick<EventRecord, 'utm' | 'referrer' | 'click_id' | 'properties' | 'url'>) => string): Promise<number> {
    const prop = (k: string) => `visitParamExtractString(ifNull(properties, ''), ${chValue(k)})`;
    const comboCols = `utm_source, utm_medium, referrer, isNotNull(click_id) AS has_click, ${prop('gclid')} AS gclid, ${prop('msclkid')} AS msclkid,
      ${prop('fbclid')} AS fbclid, ${prop('ttclid')} AS ttclid, extract(ifNull(url, ''), '^https?://([^/:?#]+)') AS host,
      extract(ifNull(url, ''), '[?&](gclid|msclkid|fbclid|ttclid|rl_cid)=') AS url_kind`;
    const eventsSql = `(SELECT *, ${comboCols} FROM ${this.db}.events FINAL WHERE workspace_id = ${chValue(workspaceId)})`;
    const combos = await this.client.query<Row>(`SELECT DISTINCT utm_source, utm_medium, referrer, has_click, gclid, msclkid, fbclid, ttclid, host, url_kind, channel FROM ${eventsSql}`);
    let changed = 0;
    for (const c of combos) {
      const props: Record<string, unknown> = {};
      for (const k of ['gclid', 'msclkid', 'fbclid', 'ttclid'] as const) if (c[k]) props[k] = c[k];
      if (c.url_kind) props[String(c.url_kind)] = 'x';
      const channel = classify({
        utm: { source: (c.utm_source as string | null) ?? undefined, medium: (c.utm_medium as string | null) ?? undefined },
        referrer: (c.referrer as string | null) ?? undefined,
        click_id: Number(c.has_click) ? 'x' : undefined,
        properties: props,
        url: c.host ? `https://${c.host}/` : undefined,
      });
      if (channel === c.channel) continue;
      const same = (col: string) => (c[col] === null ? `isNull(${col})` : `${col} = ${chValue(c[col] as string | number)}`);
      const where = ['utm_source', 'utm_medium', 'referrer', 'has_click', 'gclid', 'msclkid', 'fbclid', 'ttclid', 'host', 'url_kind', 'channel'].map(same).join(' AND ');
      const count = await this.client.query<{ n: string }>(`SELECT count() AS n FROM ${eventsSql} WHERE ${where}`);
      changed += Number(count[0]?.n ?? 0);
      const columns = eventColumns.map((col) => (col === 'channel' ? `${chValue(channel)} AS channel` : col === 'version' ? `toUInt64(${this.clock.next()}) AS version` : col));
      // The rows are chosen in a subquery: at one level ClickHouse's WHERE would read the new
      // `… AS channel` alias instead of the stored channel, match nothing and insert nothing.
      await this.client.exec(`INSERT INTO ${this.db}.events (${eventColumns.join(', ')}) SELECT ${columns.join(', ')} FROM (SELECT * FROM ${eventsSql} WHERE ${where})`);
    }
    if (changed > 0) await this.rollups.mark(workspaceId);
    return changed;
  }

  // ---- spend, orders, leads, rates ----

  /**
   * Spend replacement (see `store/spend-ranges.ts`): the stored rows the file replaces
   * get tombstones (`deleted = 1`, a newer version), then the new rows go in.
   * Keys are matched as string tuples in slices of 500 (18.16: no server-side parameters).
   */
  async replaceSpend(workspaceId: string, rows: SpendRecord[], opts: SpendReplaceOptions = {}): Promise<SpendReplacement> {
    if (rows.length === 0) return summarizeSpendReplacement([], []);
    const del = spendDeletion(rows, opts.replace ?? 'keys');
    // Each slice: the dates it spans (pruned on the sorting key, before FINAL) and the condition on the merged rows.
    const slices: { from: string; to: string; condition: string }[] = [];
    if (del.mode === 'keys') {
      const byDate = [...del.keys].sort((a, b) => (a[4] < b[4] ? -1 : a[4] > b[4] ? 1 : 0));
      for (let i = 0; i < byDate.length; i += 500) {
        const keys = byDate.slice(i, i + 500);
        slices.push({ from: keys[0][4], to: keys[keys.length - 1][4], condition: `(source, account, campaign, ad, toString(date)) IN (${keys.map((k) => `(${k.map((v) => chValue(v)).join(', ')})`).join(', ')})` });
      }
    } else {
      const groups = del.groups.map((g) => `(source = ${chValue(g.source)}${g.account === null ? '' : ` AND account = ${chValue(g.account)}`})`).join(' OR ');
      slices.push({ from: del.from, to: del.to, condition: groups });
    }
    const deleted: StoredSpendKey[] = [];
    for (const { from, to, condition } of slices) {
      const inDates = `workspace_id = ${chValue(workspaceId)} AND date >= toDate(${chValue(from)}) AND date <= toDate(${chValue(to)})`;
      const live = `(SELECT * FROM (SELECT * FROM ${this.db}.spend FINAL WHERE ${inDates}) WHERE deleted = 0 AND (${condition}))`;
      const found = await this.client.query<Row>(`SELECT source, account, channel, campaign, ad, toString(date) AS date FROM ${live}`);
      deleted.push(...found.map((r) => ({ source: String(r.source), account: String(r.account), channel: String(r.channel), campaign: String(r.campaign), ad: String(r.ad), date: String(r.date) })));
      if (found.length > 0 && !opts.dryRun) {
        const cols = spendColumns.map((c) => (c === 'deleted' ? 'toUInt8(1) AS deleted' : c === 'version' ? `toUInt64(${this.clock.next()}) AS version` : c));
        await this.client.exec(`INSERT INTO ${this.db}.spend (${spendColumns.join(', ')}) SELECT ${cols.join(', ')} FROM ${live}`);
      }
    }
    if (!opts.dryRun) {
      const version = this.clock.next();
      await this.client.insert(`${this.db}.spend`, rows.map((r) => spendRow(workspaceId, r, version)), { cost: 6 });
    }
    return summarizeSpendReplacement(rows, deleted);
  }

  async upsertOrders(workspaceId: string, rows: OrderRecord[]): Promise<number> {
    const version = this.clock.next();
    await this.client.insert(`${this.db}.orders`, rows.map((r) => orderRow(workspaceId, r, version)), { amount: 6 });
    await this.rollups.mark(workspaceId);
    return rows.length;
  }

  async upsertLeads(workspaceId: string, rows: LeadRecord[]): Promise<number> {
    const version = this.clock.next();
    await this.client.insert(`${this.db}.leads`, rows.map((r) => leadRow(workspaceId, r, version)));
    await this.rollups.mark(workspaceId);
    return rows.length;
  }

  async upsertRates(workspaceId: string, rows: RateRecord[]): Promise<number> {
    const version = this.clock.next();
    await this.client.insert(`${this.db}.rates`, rows.map((r) => rateRow(workspaceId, r, version)), { rate: 12 });
    return rows.length;
  }

  async listRates(workspaceId: string): Promise<RateRecord[]> {
    const rows = await this.client.query<{ date: string; currency: string; rate: string }>(
      `SELECT toString(date) AS date, currency, toString(rate) AS rate FROM ${this.db}.rates FINAL WHERE workspace_id = ${chValue(workspaceId)} ORDER BY currency, date`,
    );
    return rows.map((r) => ({ date: r.date, currency: r.currency, rate: r.rate }));
  }

  // ---- analysis ----

  /**
   * Each workspace's `revenue_sources` as last read from its settings (kept in PostgreSQL):
   * `ScaleStore` reads it with the workspace before every analysis, so every query built on
   * `ctx` counts the sales it allows (issue 12 #1). Unknown: the default (SQL decides).
   */
  private readonly revenueSources = new Map<string, 'verified' | 'all' | null>();

  rememberRevenueSources(workspaceId: string, mode: 'verified' | 'all' | null): void {
    this.revenueSources.set(workspaceId, mode);
  }

  ctx(workspaceId: string, base: string, from: string, to: string, lookbackDays: number, timezone = 'UTC'): SqlContext {
    return { ...context(this.db, workspaceId, base, from, to, lookbackDays, timezone), revenueSources: this.revenueSources.get(workspaceId) ?? null };
  }

  /** KPI facts of the local days [from, to] of `timezone` from the rollups (issue 14), rebuilt first when a write or the time zone moved. */
  async kpiFacts(workspaceId: string, base: string, query: KpiQuery, timezone = 'UTC', revenueSources: 'verified' | 'all' | null = null): Promise<KpiFacts> {
    const gen = await this.rollups.ensureFresh(workspaceId, timezone);
    const mode = revenueSources ?? (gen.hasVerified ? 'verified' : 'all');
    const c = { ...this.ctx(workspaceId, base, query.from, query.to, query.lookbackDays, timezone), revenueSources: mode, buckets: calendarBuckets(query.calendar, query.from, query.to) };
    return kpiFactsFromRows(await this.client.query<Row>(kpiRollupSql(c, query.by, gen.gen)), query, base, money6);
  }

  /** The same facts from the events by the full query: the reference the rollups are held to (tests, benches). */
  async kpiFactsFromEvents(workspaceId: string, base: string, query: KpiQuery, timezone = 'UTC', revenueSources: 'verified' | 'all' | null = null): Promise<KpiFacts> {
    const rows = await this.client.query<Row>(kpiFactsSql({ ...this.ctx(workspaceId, base, query.from, query.to, query.lookbackDays, timezone), revenueSources, buckets: calendarBuckets(query.calendar, query.from, query.to) }, query.by));
    return kpiFactsFromRows(rows, query, base, money6);
  }

  async dataRange(workspaceId: string): Promise<DataRange> {
    const ws = chValue(workspaceId);
    const rows = await this.client.query<{ n: string; lo: string; hi: string; sn: string; slo: string; shi: string }>(
      `SELECT e.n, e.lo, e.hi, s.sn, s.slo, s.shi FROM
        (SELECT 1 AS j, count() AS n, min(ts) AS lo, max(ts) AS hi FROM ${this.db}.events WHERE workspace_id = ${ws}) AS e
        ANY LEFT JOIN (SELECT 1 AS j, count() AS sn, toUInt32(min(date)) AS slo, toUInt32(max(date)) AS shi FROM ${this.db}.spend WHERE workspace_id = ${ws} AND deleted = 0) AS s USING j`,
    );
    const r = rows[0];
    const days: number[] = [];
    if (r && Number(r.n) > 0) days.push(Math.floor(Number(r.lo) / dayMs), Math.floor(Number(r.hi) / dayMs));
    if (r && Number(r.sn) > 0) days.push(Number(r.slo), Number(r.shi));
    if (days.length === 0) return { from: null, to: null };
    const iso = (d: number) => new Date(d * dayMs).toISOString().slice(0, 10);
    return { from: iso(Math.min(...days)), to: iso(Math.max(...days)) };
  }

  async channelDaily(workspaceId: string, base: string, query: { from: string; to: string; lookbackDays: number }, timezone = 'UTC', revenueSources: 'verified' | 'all' | null = null): Promise<ChannelDay[]> {
    const rows = await this.client.query<Row>(channelDailySql({ ...this.ctx(workspaceId, base, query.from, query.to, query.lookbackDays, timezone), revenueSources }));
    return rows.map((r) => ({ date: String(r.date), channel: String(r.channel), spend: money6(r.spend), conversions: Number(r.conversions), revenue: money6(r.revenue) }));
  }

  /** Runs a query built elsewhere in this folder (journeys, experiments, customers). */
  query<T>(sql: string): Promise<T[]> {
    return this.client.query<T>(sql);
  }
}

const eventColumns = ['workspace_id', 'id', 'type', 'ts', 'anonymous_id', 'user_id', 'session_id', 'name', 'url', 'referrer', 'utm_source', 'utm_medium',
  'utm_campaign', 'utm_content', 'utm_term', 'click_id', 'order_id', 'revenue_amount', 'revenue_currency', 'properties', 'channel', 'landing_page',
  'country', 'device', 'person_key', 'version'];
const spendColumns = ['workspace_id', 'date', 'channel', 'campaign', 'ad', 'source', 'account', 'cost', 'currency', 'impressions', 'clicks', 'pricing_model', 'deleted', 'version'];

/** Waits until the table has no unfinished mutation (18.16 has no `mutations_sync`); 60 s at most. */
async function waitForMutations(client: ClickHouseClient, database: string, table: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (let wait = 20; ; wait = Math.min(wait * 2, 500)) {
    const rows = await client.query<{ n: string }>(`SELECT count() AS n FROM system.mutations WHERE database = ${chValue(database)} AND table = ${chValue(table)} AND is_done = 0`);
    if (Number(rows[0]?.n ?? 0) === 0) return;
    if (Date.now() > deadline) throw new AppError('unavailable', 'the deletion is still running in ClickHouse; retry to see its result', [], 10);
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

/** A money sum with 18 decimals rounded to 6, half away from zero (as DuckDB casts DECIMAL). */
export function money6(v: string | number | null | undefined): string {
  return new Big(v === null || v === undefined || v === '' ? 0 : v).toFixed(6, Big.roundHalfUp);
}
