import { AppError, invalid } from '../shared/errors.js';

/**
 * Deleting stored events (issue 12 #2): an admin removes events by id, person, time range or
 * source, for instance the forged or oversized ones a stranger sent with the public key. The
 * conditions given all apply (AND); at least one is required, so nothing deletes a whole
 * workspace by accident. Every report reads the events that are left.
 */
export interface EventDeletionFilter {
  /** Event ids (at most `maxDeletionIds`). */
  ids?: string[];
  /**
   * A person: a user id or an anonymous (device) id. Deletes the events carrying it as either,
   * and every event of the devices the user id was seen on (as the reports stitch them).
   */
  person?: string;
  /** ISO 8601 instant, inclusive. */
  from?: string;
  /** ISO 8601 instant, exclusive. */
  to?: string;
  /** The events' traffic source (`utm.source`, e.g. "google"). */
  source?: string;
}

export const maxDeletionIds = 1000;

/** `from` / `to` as epoch milliseconds (for engines that store instants as numbers). */
export function deletionRangeMs(filter: EventDeletionFilter): { from?: number; to?: number } {
  return { from: filter.from === undefined ? undefined : Date.parse(filter.from), to: filter.to === undefined ? undefined : Date.parse(filter.to) };
}

/**
 * Validates a deletion request from the API (`DELETE /v1/events?id=…&person=…&from=…&to=…&source=…`)
 * or the CLI (`roilens events delete --id … --person … --from … --to … --source …`); `flag` names
 * the fields as the caller spells them (`id` or `--id`). Throws an invalid_input AppError naming the field.
 */
export function parseEventDeletion(input: { ids?: unknown; person?: unknown; from?: unknown; to?: unknown; source?: unknown }, flag: (field: string) => string = (f) => f): EventDeletionFilter {
  const out: EventDeletionFilter = {};
  const text = (field: string, value: unknown, max: number): string | undefined => {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string' || value.trim() === '') throw invalid(flag(field), 'must be a non-empty string');
    if (value.length > max) throw invalid(flag(field), `must be at most ${max} characters`);
    return value.trim();
  };
  if (input.ids !== undefined && input.ids !== null) {
    const list = (Array.isArray(input.ids) ? input.ids : [input.ids]).flatMap((v) => (typeof v === 'string' ? v.split(',') : [v]));
    const ids = list.map((v) => text('id', v, 128)!);
    if (ids.length > maxDeletionIds) throw invalid(flag('id'), `at most ${maxDeletionIds} ids per request, got ${ids.length}`);
    out.ids = [...new Set(ids)];
  }
  const person = text('person', input.person, 256);
  if (person !== undefined) out.person = person;
  const source = text('source', input.source, 512);
  if (source !== undefined) out.source = source;
  for (const field of ['from', 'to'] as const) {
    const value = text(field, input[field], 64);
    if (value === undefined) continue;
    const ms = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/.test(value) ? Date.parse(value) : Number.NaN;
    if (!Number.isFinite(ms)) throw invalid(flag(field), 'must be a date (YYYY-MM-DD, UTC midnight) or an ISO 8601 instant such as 2026-01-31T12:00:00Z');
    out[field] = new Date(ms).toISOString();
  }
  if (out.from !== undefined && out.to !== undefined && out.from >= out.to) throw invalid(flag('to'), 'must be later than from');
  if (out.ids === undefined && out.person === undefined && out.from === undefined && out.to === undefined && out.source === undefined) {
    throw new AppError('invalid_input', 'give at least one of id, person, from, to or source: deleting every event needs an explicit range', [
      { path: flag('id'), message: 'give at least one of id, person, from, to or source' },
    ]);
  }
  return out;
}
