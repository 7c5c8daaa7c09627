/**
 * The backup file (`roilens backup` / `restore`): one gzip-compressed file of JSON lines. The first
 * line is the header (`format`, `version`, `created_at`, the workspaces it holds), then one line per
 * record (`{"s":section,"w":workspace,"r":record}`; events one page a line), and last the trailer with
 * the number of lines before it and the SHA-256 of their text. A reader checks the header's format
 * and version (a newer one is refused), and the trailer's count and checksum over the whole file
 * before anything is restored, so a cut or altered file is refused whole.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { AppError } from '../../shared/errors.js';
import type { StoredEvent } from '../../records/events.js';
import type { Workspace } from '../../records/workspace.js';
import type { AuditEntry } from '../../records/audit.js';
import type { LedgerEntry } from '../../records/partners.js';
import { settingOfWorkspace, type StoreSnapshot } from './store-snapshot.js';

export const backupFormat = 'roilens-backup';
/** Raised when the layout changes; a reader refuses files of a newer version than its own. */
export const backupVersion = 2;

export interface BackupHeader {
  format: typeof backupFormat;
  version: number;
  created_at: string;
  /** `installation`: every workspace and the installation's settings; `workspace`: one workspace. */
  scope: 'installation' | 'workspace';
  workspaces: string[];
}

interface BackupTrailer {
  end: true;
  lines: number;
  sha256: string;
}

type Section = 'setting' | 'workspace' | 'channel_rules' | 'document' | 'link' | 'api_key' | 'member' | 'rates' | 'spend' | 'orders' | 'leads' | 'events' | 'audit' | 'program' | 'partner' | 'payout_run' | 'ledger';
interface BackupLine {
  s: Section;
  w?: string;
  r: unknown;
}

/** How many records of each kind went into the file. */
export type BackupCounts = Record<string, number>;

/**
 * Writes `snapshot` (every workspace, or only `workspaceId`) to `out` and answers what it holds.
 * An installation backup holds every setting; a workspace backup only the settings naming it.
 */
export async function writeBackup(snapshot: StoreSnapshot, out: string, opts: { workspaceId?: string } = {}): Promise<{ header: BackupHeader; counts: BackupCounts }> {
  const all = await snapshot.workspaces();
  const chosen = opts.workspaceId === undefined ? all : all.filter((w) => w.id === opts.workspaceId);
  if (opts.workspaceId !== undefined && chosen.length === 0) throw new AppError('not_found', `--workspace: no workspace ${opts.workspaceId}`, [{ path: '--workspace', message: `no workspace ${opts.workspaceId}` }]);
  const header: BackupHeader = { format: backupFormat, version: backupVersion, created_at: new Date().toISOString(), scope: opts.workspaceId === undefined ? 'installation' : 'workspace', workspaces: chosen.map((w) => w.id) };
  const counts: BackupCounts = {};
  const hash = createHash('sha256');
  let lines = 0;
  async function* text(): AsyncGenerator<string> {
    const line = (value: unknown) => {
      const s = JSON.stringify(value);
      hash.update(s).update('\n');
      lines += 1;
      return `${s}\n`;
    };
    const record = (s: Section, w: string | undefined, r: unknown, n = 1) => {
      counts[s] = (counts[s] ?? 0) + n;
      return line(w === undefined ? { s, r } : { s, w, r });
    };
    yield line(header);
    for (const { key, value } of await snapshot.settings()) {
      if (opts.workspaceId === undefined || settingOfWorkspace(key, opts.workspaceId)) yield record('setting', undefined, { key, value });
    }
    for (const ws of chosen) {
      yield record('workspace', ws.id, ws);
      const rules = await snapshot.channelRules(ws.id);
      if (rules) yield record('channel_rules', ws.id, rules);
      for (const d of await snapshot.documents(ws.id)) yield record('document', ws.id, d);
      for (const l of await snapshot.links(ws.id)) yield record('link', ws.id, l);
      for (const k of await snapshot.apiKeys(ws.id)) yield record('api_key', ws.id, k);
      for (const m of await snapshot.members(ws.id)) yield record('member', ws.id, m);
      for (const p of await snapshot.programs(ws.id)) yield record('program', ws.id, p);
      for (const p of await snapshot.partners(ws.id)) yield record('partner', ws.id, p);
      for (const r of await snapshot.payoutRuns(ws.id)) yield record('payout_run', ws.id, r);
      for await (const page of snapshot.ledger(ws.id)) yield record('ledger', ws.id, page, page.length);
      const rates = await snapshot.rates(ws.id);
      if (rates.length) yield record('rates', ws.id, rates, rates.length);
      for (const kind of ['spend', 'orders', 'leads'] as const) {
        const rows = await snapshot[kind](ws.id);
        if (rows.length) yield record(kind, ws.id, rows, rows.length);
      }
      for await (const page of snapshot.events(ws.id)) yield record('events', ws.id, page, page.length);
      for await (const page of snapshot.audit(ws.id)) yield record('audit', ws.id, page, page.length);
    }
    const trailer: BackupTrailer = { end: true, lines, sha256: hash.digest('hex') };
    yield `${JSON.stringify(trailer)}\n`;
  }
  await pipeline(Readable.from(text()), createGzip(), createWriteStream(out, { mode: 0o600 }));
  return { header, counts };
}

const corrupt = (file: string, why: string) => new AppError('invalid_input', `${file} is not a usable roilens backup: ${why}`, [{ path: '<file>', message: why }]);

/** Every line of the file after the header, as parsed; throws `corrupt` on a broken gzip stream or line. */
async function* backupLines(file: string): AsyncGenerator<{ text: string; value: unknown }> {
  const input = createReadStream(file).pipe(createGunzip());
  const lines = createInterface({ input, crlfDelay: Infinity });
  try {
    for await (const text of lines) {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        throw corrupt(file, 'a line is not JSON');
      }
      yield { text, value };
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw corrupt(file, `it cannot be read (${(err as Error).message})`);
  } finally {
    lines.close();
    input.destroy();
  }
}

/**
 * Checks a backup whole (format, version, line count, checksum) and answers its header; a newer
 * format version, a missing trailer or a wrong checksum is a 400 naming the file.
 */
export async function verifyBackup(file: string): Promise<BackupHeader> {
  if (!existsSync(file)) throw new AppError('not_found', `no backup file at ${file}`, [{ path: '<file>', message: 'does not exist' }]);
  const hash = createHash('sha256');
  let header: BackupHeader | undefined;
  let lines = 0;
  let trailer: BackupTrailer | undefined;
  for await (const { text, value } of backupLines(file)) {
    if (trailer) throw corrupt(file, 'there are lines after its end');
    const v = value as Partial<BackupHeader & BackupTrailer>;
    if (header === undefined) {
      if (v.format !== backupFormat || typeof v.version !== 'number') throw corrupt(file, 'its first line is not a roilens backup header');
      if (v.version > backupVersion) throw new AppError('invalid_input', `${file} was written by a newer roilens (backup format ${v.version}; this release reads up to ${backupVersion}): restore it with that release or a later one`, [{ path: '<file>', message: `backup format ${v.version} is newer than ${backupVersion}` }]);
      header = v as BackupHeader;
    }
    if (v.end === true) {
      trailer = v as BackupTrailer;
      continue;
    }
    hash.update(text).update('\n');
    lines += 1;
  }
  if (!header) throw corrupt(file, 'it is empty');
  if (!trailer) throw corrupt(file, 'it ends early (no end line): the file was cut');
  if (trailer.lines !== lines || trailer.sha256 !== hash.digest('hex')) throw corrupt(file, 'its checksum does not match its contents');
  return header;
}

/** A checked backup file read back as a snapshot (events streamed from the file again for each workspace). */
export async function backupSnapshot(file: string): Promise<{ header: BackupHeader; snapshot: StoreSnapshot }> {
  const header = await verifyBackup(file);
  const byWorkspace = new Map<string, Map<Section, unknown[]>>();
  const settings: { key: string; value: string }[] = [];
  for await (const { value } of backupLines(file)) {
    const line = value as Partial<BackupLine>;
    if (!line.s || line.s === 'events') continue;
    if (line.s === 'setting') {
      settings.push(line.r as { key: string; value: string });
      continue;
    }
    const sections = byWorkspace.get(line.w!) ?? new Map<Section, unknown[]>();
    byWorkspace.set(line.w!, sections);
    const rows = sections.get(line.s) ?? [];
    if (['rates', 'spend', 'orders', 'leads', 'audit', 'ledger'].includes(line.s)) rows.push(...(line.r as unknown[]));
    else rows.push(line.r);
    sections.set(line.s, rows);
  }
  const of = <T>(ws: string, s: Section): T[] => (byWorkspace.get(ws)?.get(s) ?? []) as T[];
  const snapshot: StoreSnapshot = {
    workspaces: async () => header.workspaces.flatMap((id) => of<Workspace>(id, 'workspace')),
    settings: async () => settings,
    channelRules: async (ws) => of<never>(ws, 'channel_rules')[0],
    documents: async (ws) => of(ws, 'document'),
    links: async (ws) => of(ws, 'link'),
    apiKeys: async (ws) => of(ws, 'api_key'),
    members: async (ws) => of(ws, 'member'),
    programs: async (ws) => of(ws, 'program'),
    partners: async (ws) => of(ws, 'partner'),
    payoutRuns: async (ws) => of(ws, 'payout_run'),
    ledger: async function* (ws) {
      yield of<LedgerEntry>(ws, 'ledger');
    },
    rates: async (ws) => of(ws, 'rates'),
    spend: async (ws) => of(ws, 'spend'),
    orders: async (ws) => of(ws, 'orders'),
    leads: async (ws) => of(ws, 'leads'),
    audit: async function* (ws) {
      yield of<AuditEntry>(ws, 'audit');
    },
    events: async function* (ws) {
      for await (const { value } of backupLines(file)) {
        const line = value as Partial<BackupLine>;
        if (line.s === 'events' && line.w === ws) yield line.r as StoredEvent[];
      }
    },
  };
  return { header, snapshot };
}
