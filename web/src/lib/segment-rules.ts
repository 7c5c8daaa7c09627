/**
 * The segment builder's form state and its translation into the body of
 * `POST /v1/segments`. Pure: the page keeps rows of strings as typed, this
 * turns them into typed conditions or names the first row that is incomplete.
 */

export type RuleKind = 'trait' | 'orders' | 'event' | 'acquisition_channel';
export const RULE_KINDS: readonly RuleKind[] = ['trait', 'orders', 'event', 'acquisition_channel'];

/** One condition row as typed into the form (every field a string). */
export interface RuleRow {
  kind: RuleKind;
  /** trait: the trait name; event: the event name; acquisition_channel: channels, comma-separated. */
  name: string;
  /** trait: the value it must equal. */
  value: string;
  /** orders / event: the minimum count. */
  count: string;
  /** event: within the last D days. */
  days: string;
}

export type SegmentCondition =
  | { kind: 'trait'; trait: string; equals: string }
  | { kind: 'orders'; min_count: number }
  | { kind: 'event'; name: string; min_count: number; days: number }
  | { kind: 'acquisition_channel'; values: string[] };

export interface SegmentBody {
  id: string;
  name: string;
  match: 'all' | 'any';
  conditions: SegmentCondition[];
}

/** A blank row of a kind, with sensible counts prefilled. */
export function blankRule(kind: RuleKind): RuleRow {
  return { kind, name: '', value: '', count: kind === 'orders' ? '2' : '1', days: '30' };
}

function wholeNumber(text: string): number | null {
  const n = Number(text.trim());
  return text.trim() !== '' && Number.isInteger(n) && n >= 1 ? n : null;
}

/** Lower-case slug of a name plus a base-36 suffix, so saving the same name twice makes two segments. */
export function segmentId(name: string, suffix: string): string {
  const slug = name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 48);
  return `${slug || 'segment'}-${suffix}`.slice(0, 64);
}

/**
 * The POST body for the form, or the index of the first incomplete row
 * (-1 when the name is missing).
 * @example segmentBody('Repeat', 'all', [{ kind: 'orders', name: '', value: '', count: '2', days: '' }], 'x1')
 * // { ok: true, body: { id: 'repeat-x1', name: 'Repeat', match: 'all', conditions: [{ kind: 'orders', min_count: 2 }] } }
 */
export function segmentBody(
  name: string,
  match: 'all' | 'any',
  rows: readonly RuleRow[],
  suffix: string,
): { ok: true; body: SegmentBody } | { ok: false; row: number } {
  if (name.trim() === '') return { ok: false, row: -1 };
  const conditions: SegmentCondition[] = [];
  for (const [index, row] of rows.entries()) {
    const condition = conditionOf(row);
    if (!condition) return { ok: false, row: index };
    conditions.push(condition);
  }
  return { ok: true, body: { id: segmentId(name, suffix), name: name.trim(), match, conditions } };
}

function conditionOf(row: RuleRow): SegmentCondition | null {
  const name = row.name.trim();
  switch (row.kind) {
    case 'trait':
      return /^[A-Za-z0-9_]{1,64}$/.test(name) && row.value.trim() !== '' ? { kind: 'trait', trait: name, equals: row.value.trim() } : null;
    case 'orders': {
      const count = wholeNumber(row.count);
      return count === null ? null : { kind: 'orders', min_count: count };
    }
    case 'event': {
      const count = wholeNumber(row.count);
      const days = wholeNumber(row.days);
      return name === '' || count === null || days === null ? null : { kind: 'event', name, min_count: count, days };
    }
    case 'acquisition_channel': {
      const values = name.split(',').map((v) => v.trim()).filter((v) => v !== '');
      return values.length === 0 ? null : { kind: 'acquisition_channel', values };
    }
  }
}
