import type { FieldIssue } from '../shared/errors.js';
import { AppError } from '../shared/errors.js';
import type { Store, StoredEvent, Workspace } from '../store/store.js';
import { defaultChannelRules } from './channel-rules.js';
import { parseLeadsCsv, parseOrdersCsv, parseRatesCsv } from './csv/crm-csv.js';
import { parseSpendCsv } from './csv/spend-csv.js';
import { enrichEvent } from './enrich.js';
import { parseEvent } from './event-schema.js';
import type { EventRecord } from './records.js';

export const importKinds = ['spend', 'orders', 'leads', 'events', 'rates'] as const;
export type ImportKind = (typeof importKinds)[number];

export interface ImportOutcome {
  kind: ImportKind;
  /** Rows stored (new or replacing). */
  stored: number;
  /** Spend rows of the same channel and dates that the import replaced. */
  replaced?: number;
  layout?: string;
  errors: FieldIssue[];
}

export interface ImportTarget {
  store: Store;
  workspace: Workspace;
  /** Where events go: the server's durable ingestor, or straight into the store (CLI). */
  acceptEvents?: (events: EventRecord[]) => Promise<void>;
}

/**
 * Imports one file of spend, orders, leads, rates or events. Valid rows are
 * stored, bad ones come back as errors naming their line and column; one bad
 * row never stops the good ones.
 */
export async function importData(kind: string, text: string, target: ImportTarget, opts: { channel?: string } = {}): Promise<ImportOutcome> {
  if (!(importKinds as readonly string[]).includes(kind)) {
    throw new AppError('invalid_input', `kind: must be one of ${importKinds.join(', ')}, got "${kind}"`, [{ path: 'kind', message: `must be one of ${importKinds.join(', ')}` }]);
  }
  const { store, workspace } = target;
  const ws = workspace.id;
  switch (kind as ImportKind) {
    case 'spend': {
      const parsed = parseSpendCsv(text, { defaultCurrency: workspace.currency, channel: opts.channel });
      const res = await store.replaceSpend(ws, parsed.rows);
      return { kind: 'spend', stored: res.inserted, replaced: res.replaced, layout: parsed.layout, errors: parsed.errors };
    }
    case 'orders': {
      const parsed = parseOrdersCsv(text, { defaultCurrency: workspace.currency });
      return { kind: 'orders', stored: await store.upsertOrders(ws, parsed.rows), errors: parsed.errors };
    }
    case 'leads': {
      const parsed = parseLeadsCsv(text);
      return { kind: 'leads', stored: await store.upsertLeads(ws, parsed.rows), errors: parsed.errors };
    }
    case 'rates': {
      const parsed = parseRatesCsv(text);
      return { kind: 'rates', stored: await store.upsertRates(ws, parsed.rows), errors: parsed.errors };
    }
    case 'events': {
      const { events, errors } = parseEventsText(text);
      if (target.acceptEvents) {
        for (let i = 0; i < events.length; i += 1000) await target.acceptEvents(events.slice(i, i + 1000));
        return { kind: 'events', stored: events.length, errors };
      }
      const rules = (await store.getChannelRules(ws)) ?? defaultChannelRules;
      let stored = 0;
      for (let i = 0; i < events.length; i += 50_000) {
        const chunk: StoredEvent[] = events.slice(i, i + 50_000).map((e) => enrichEvent(e, rules));
        stored += await store.insertEvents(ws, chunk);
      }
      return { kind: 'events', stored, errors };
    }
  }
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
