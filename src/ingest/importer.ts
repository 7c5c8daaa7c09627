import { guardEvents, orderAmountLimit } from './revenue-guard.js';
import { guardExposures } from '../reports/experiments/experiments-signing.js';
import { pseudonymizeEvents, pseudonymizeLeads, pseudonymizeOrders } from '../privacy/ingest-privacy.js';
import type { FieldIssue } from '../shared/errors.js';
import { AppError } from '../shared/errors.js';
import type { DocumentRepo } from '../store/ports/document-repo.js';
import type { EventLog } from '../store/ports/event-log.js';
import type { SettingsRepo } from '../store/ports/settings-repo.js';
import type { SpendAndImports } from '../store/ports/spend-and-imports.js';
import type { EventRecord, SpendRecord, StoredEvent } from '../records/events.js';
import type { Workspace } from '../records/workspace.js';
import { defaultChannelRules } from '../tracking/channel-rules.js';
import { type ChannelRule } from '../records/channel-rule.js';
import { spendReplaceModes, type SpendChannelSummary, type SpendReplaceMode } from '../store/spend-ranges.js';
import { parseLeadsCsv, parseOrdersCsv, parseRatesCsv } from './csv/crm-csv.js';
import { parseSpendCsv } from './csv/spend-csv.js';
import { enrichEvent } from './enrich.js';
import { parseEvent } from './event-schema.js';

export const importKinds = ['spend', 'orders', 'leads', 'events', 'rates'] as const;
export type ImportKind = (typeof importKinds)[number];

/** A problem that did not stop a row from being imported. */
export interface ImportWarning {
  code: 'unknown_channel' | 'mixed_currencies';
  channel?: string;
  line?: number;
  message: string;
}

export interface ImportOptions {
  /** Channel of every spend row (ad-platform exports). */
  channel?: string;
  /** Source of every spend row (overrides the layout's platform and a `source` column). */
  source?: string;
  /** Spend replacement: `keys` (default) or `range`. */
  replace?: SpendReplaceMode;
  /** Parse and count without writing anything. */
  dryRun?: boolean;
  /** Events: hears `done` of `total` events stored after each batch (the CLI draws it on a terminal). */
  onProgress?: (done: number, total: number) => void;
}

export interface ImportOutcome {
  kind: ImportKind;
  /** Rows stored (new or replacing); 0 in a dry run. */
  stored: number;
  /** Valid rows in the file (stored, or that would be in a dry run). */
  valid: number;
  dry_run: boolean;
  /** Spend: file rows (see `store/spend-ranges.ts`). */
  inserted?: number;
  /** Spend: stored rows whose key the file brings again. */
  replaced?: number;
  /** Spend: stored rows `--replace range` deleted without a new row for their key. */
  removed?: number;
  by_channel?: SpendChannelSummary[];
  layout?: string;
  errors: FieldIssue[];
  warnings: ImportWarning[];
}

export interface ImportTarget {
  /** The ports an import writes through (and reads settings and experiment definitions from). */
  store: SettingsRepo & DocumentRepo & SpendAndImports & EventLog;
  workspace: Workspace;
  /** Where events go: the server's durable ingestor, or straight into the store (CLI). */
  acceptEvents?: (events: EventRecord[]) => Promise<void>;
}

/**
 * Imports one file of spend, orders, leads, rates or events. Valid rows are
 * stored, bad ones come back as errors naming their line and column; one bad
 * row never stops the good ones.
 */
export async function importData(kind: string, text: string, target: ImportTarget, opts: ImportOptions = {}): Promise<ImportOutcome> {
  if (!(importKinds as readonly string[]).includes(kind)) {
    throw new AppError('invalid_input', `kind: must be one of ${importKinds.join(', ')}, got "${kind}"`, [{ path: 'kind', message: `must be one of ${importKinds.join(', ')}` }]);
  }
  if (opts.replace !== undefined && !(spendReplaceModes as readonly string[]).includes(opts.replace)) {
    throw new AppError('invalid_input', `replace: must be one of ${spendReplaceModes.join(', ')}, got "${opts.replace}"`, [{ path: 'replace', message: `must be one of ${spendReplaceModes.join(', ')}` }]);
  }
  const { store, workspace } = target;
  const ws = workspace.id;
  const dryRun = opts.dryRun === true;
  const plain = (k: ImportKind, valid: number, stored: number, errors: FieldIssue[]): ImportOutcome =>
    ({ kind: k, stored, valid, dry_run: dryRun, errors, warnings: [] });
  switch (kind as ImportKind) {
    case 'spend': {
      const parsed = parseSpendCsv(text, { defaultCurrency: workspace.currency, channel: opts.channel, source: opts.source });
      const res = await store.replaceSpend(ws, parsed.rows, { replace: opts.replace ?? 'keys', dryRun });
      const warnings = [
        ...unknownChannelWarnings(parsed.rows, parsed.channelLines, (await store.getChannelRules(ws)) ?? []),
        ...res.by_channel.filter((c) => c.inserted > 0 && c.currency === null).map((c): ImportWarning => ({
          code: 'mixed_currencies', channel: c.channel, line: parsed.channelLines[c.channel],
          message: `channel "${c.channel}" has rows in several currencies; its spend in this summary is left out (each row keeps its own currency)`,
        })),
      ];
      return {
        kind: 'spend', stored: dryRun ? 0 : res.inserted, valid: parsed.rows.length, dry_run: dryRun,
        inserted: res.inserted, replaced: res.replaced, removed: res.removed, by_channel: res.by_channel,
        layout: parsed.layout, errors: parsed.errors, warnings,
      };
    }
    case 'orders': {
      const parsed = parseOrdersCsv(text, { defaultCurrency: workspace.currency });
      // The workspace's max_order_amount holds for imports too (issue 12 #1).
      const tooBig = await orderAmountLimit(store, workspace);
      const rows = parsed.rows.filter((o) => {
        const problem = tooBig(o.amount.amount, o.amount.currency);
        if (problem) parsed.errors.push({ path: `order ${o.order_id}: amount`, message: problem });
        return !problem;
      });
      return plain('orders', rows.length, dryRun ? 0 : await store.upsertOrders(ws, await pseudonymizeOrders(store, ws, rows)), parsed.errors);
    }
    case 'leads': {
      const parsed = parseLeadsCsv(text);
      // Leads hash e-mails as events do (issue 12 #14), so a CRM's SHA-256 still joins the person.
      return plain('leads', parsed.rows.length, dryRun ? 0 : await store.upsertLeads(ws, await pseudonymizeLeads(store, ws, parsed.rows)), parsed.errors);
    }
    case 'rates': {
      const parsed = parseRatesCsv(text);
      return plain('rates', parsed.rows.length, dryRun ? 0 : await store.upsertRates(ws, parsed.rows), parsed.errors);
    }
    case 'events': {
      // An operator's import is verified revenue (design.md); amounts respect max_order_amount.
      const parsedEvents = parseEventsText(text);
      const guarded = await guardEvents(store, workspace, parsedEvents.events, { verified: true });
      // …and its experiment exposures count as signed, as the server key's do (issue 12 #5).
      const events = (await guardExposures(store, workspace, guarded.events, { trusted: true })).events;
      const errors = [...parsedEvents.errors, ...guarded.rejected.flatMap((r) => r.errors.map((e) => ({ path: `event ${parsedEvents.events[r.index].id}: ${e.path}`, message: e.message })))];
      if (dryRun) return plain('events', events.length, 0, errors);
      if (target.acceptEvents) {
        for (let i = 0; i < events.length; i += 1000) await target.acceptEvents(events.slice(i, i + 1000));
        return plain('events', events.length, events.length, errors);
      }
      const rules = (await store.getChannelRules(ws)) ?? defaultChannelRules;
      let stored = 0;
      for (let i = 0; i < events.length; i += 50_000) {
        const chunk: StoredEvent[] = (await pseudonymizeEvents(store, ws, events.slice(i, i + 50_000))).map((e) => enrichEvent(e, rules));
        stored += await store.insertEvents(ws, chunk);
        opts.onProgress?.(Math.min(i + 50_000, events.length), events.length);
      }
      return plain('events', events.length, stored, errors);
    }
  }
}

/**
 * Channels no rule produces (#17): spend there is stored, but no visit or sale is
 * ever credited to it, so ROAS and CPA stay empty. Known channels are those the
 * default rules and the workspace's rules name, plus `direct` and `other` (the
 * classifier's fallbacks).
 */
export function unknownChannelWarnings(rows: readonly SpendRecord[], channelLines: Record<string, number>, workspaceRules: readonly ChannelRule[]): ImportWarning[] {
  const known = new Set<string>(['direct', 'other', ...defaultChannelRules.map((r) => r.channel), ...workspaceRules.map((r) => r.channel)]);
  const unknown = [...new Set(rows.map((r) => r.channel))].filter((c) => !known.has(c)).sort();
  return unknown.map((channel) => ({
    code: 'unknown_channel',
    channel,
    line: channelLines[channel],
    message: `channel "${channel}" is not produced by any channel rule, so no visits or sales will be credited to it next to its spend. `
      + `Map it: import with --channel (HTTP ?channel=) naming a known channel such as ${suggestChannel(channel)}, `
      + `or add a rule for "${channel}" in the channel-rules editor (Settings → Channels) or with roilens channels set.`,
  }));
}

/** A known channel to suggest for an unknown spend channel id. */
function suggestChannel(channel: string): string {
  if (/tiktok|facebook|meta|instagram|snap|linkedin|twitter|pinterest|reddit|social/.test(channel)) return 'paid_social';
  if (/google|bing|search|sem|ads/.test(channel)) return 'paid_search';
  if (/youtube|video/.test(channel)) return 'paid_video';
  return 'paid_other';
}

/** Events as JSON lines (one event per line) or one JSON document `{"events":[…]}` / `[…]`. */
export function parseEventsText(text: string): { events: EventRecord[]; errors: FieldIssue[] } {
  const events: EventRecord[] = [];
  const errors: FieldIssue[] = [];
  const trimmed = text.trimStart();
  let items: { where: string; value: unknown }[] = [];
  if (trimmed.startsWith('[') || (trimmed.startsWith('{') && /^\{\s*"events"\s*:/.test(trimmed))) {
    try {
      const doc = JSON.parse(text);
      const list = Array.isArray(doc) ? doc : doc.events;
      if (!Array.isArray(list)) return { events, errors: [{ path: 'events', message: 'expected an array of events' }] };
      items = list.map((value: unknown, i: number) => ({ where: `events.${i}`, value }));
    } catch (err) {
      return { events, errors: [{ path: 'file', message: `not valid JSON: ${(err as Error).message}` }] };
    }
  } else {
    text.split('\n').forEach((line, i) => {
      if (!line.trim()) return;
      try {
        items.push({ where: `line ${i + 1}`, value: JSON.parse(line) });
      } catch (err) {
        errors.push({ path: `line ${i + 1}`, message: `not valid JSON: ${(err as Error).message}` });
      }
    });
  }
  for (const { where, value } of items) {
    const parsed = parseEvent(value);
    if (parsed.ok) events.push(parsed.event);
    else errors.push(...parsed.errors.map((e) => ({ path: `${where}: ${e.path}`, message: e.message })));
  }
  return { events, errors };
}
