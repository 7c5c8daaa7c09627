/**
 * Segment definitions: a name and rules over traits, behaviour and acquisition, validated once
 * with zod for the CLI and the HTTP API; every problem names its JSON path (`conditions.1.days`).
 *
 * @example
 * { "name": "German repeat buyers", "match": "all", "conditions": [
 *   { "kind": "trait", "trait": "country", "equals": "DE" },
 *   { "kind": "orders", "min_count": 2 },
 *   { "kind": "event", "name": "newsletter_open", "min_count": 3, "days": 30 } ] }
 */
import { z } from 'zod';
import { AppError, type FieldIssue } from '../../shared/errors.js';
import type { SegmentCondition, SegmentRules } from '../../store/customers.js';

export interface SegmentDefinition extends SegmentRules {
  id: string;
  name: string;
  description?: string;
  created_at: string;
}

export const segmentsCollection = 'segments';

const idPattern = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const text = (max: number) => z.string({ error: 'must be a string' }).trim().min(1, { error: 'must not be empty' }).max(max, { error: `must be at most ${max} characters` });
const count = (what: string) => z.number({ error: `must be a whole number of ${what}` }).int({ error: `must be a whole number of ${what}` }).min(1, { error: 'must be at least 1' }).max(1_000_000, { error: 'is too large' });
const values = z.array(text(128), { error: 'must be an array of strings' }).min(1, { error: 'must not be empty' }).max(1000, { error: 'at most 1000 values' });

const traitSchema = z
  .object({
    kind: z.literal('trait'),
    trait: z.string({ error: 'must be a string' }).regex(/^[A-Za-z0-9_]{1,64}$/, { error: 'must be a plain name (letters, digits, _)' }),
    equals: text(128).optional(),
    values: values.optional(),
  })
  .refine((c) => (c.equals === undefined) !== (c.values === undefined), { error: 'give exactly one of equals or values', path: ['values'] });

const conditionSchema = z.discriminatedUnion(
  'kind',
  [
    traitSchema,
    z.object({ kind: z.literal('event'), name: text(128), min_count: count('events').default(1), days: count('days') }),
    z.object({ kind: z.literal('page'), path: z.string({ error: 'must be a path' }).regex(/^\/\S{0,500}$/, { error: 'must be a path starting with /' }), days: count('days').optional() }),
    z.object({ kind: z.literal('orders'), min_count: count('orders') }),
    z.object({ kind: z.literal('spent'), more_than: z.number({ error: 'must be a number' }).min(0, { error: 'must not be negative' }).refine(Number.isFinite, { error: 'must be finite' }) }),
    z.object({ kind: z.literal('acquisition_channel'), values }),
  ],
  { error: 'kind must be one of trait, event, page, orders, spent, acquisition_channel' },
);

const definitionSchema = z.object({
  id: z.string({ error: 'must be a string' }).regex(idPattern, { error: 'must be lower-case letters, digits, - or _ (at most 64)' }).optional(),
  name: text(120),
  description: text(1000).optional(),
  match: z.enum(['all', 'any'], { error: 'must be all or any' }).default('all'),
  conditions: z.array(conditionSchema, { error: 'must be an array of conditions' }).max(50, { error: 'at most 50 conditions' }),
});

function fail(error: z.ZodError): never {
  const issues: FieldIssue[] = error.issues.map((i) => ({ path: i.path.join('.') || '(definition)', message: i.message }));
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  throw new AppError('invalid_input', `${issues[0].path}: ${issues[0].message}${more}`, issues);
}

/** A slug of a name, for segments created without an id. */
export function slugOf(name: string): string {
  const slug = name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 64);
  return idPattern.test(slug) ? slug : `segment-${Date.now().toString(36)}`;
}

/**
 * Validates a segment definition and normalises it: trait `equals` becomes `values`, countries
 * are upper-case and devices lower-case (as ingest stores them).
 */
export function parseSegmentDefinition(raw: unknown, now: Date): SegmentDefinition {
  const result = definitionSchema.safeParse(raw);
  if (!result.success) fail(result.error);
  const d = result.data;
  const conditions: SegmentCondition[] = d.conditions.map((c) => {
    if (c.kind !== 'trait') return c;
    const list = c.values ?? [c.equals!];
    const norm = c.trait === 'country' ? (v: string) => v.toUpperCase() : c.trait === 'device' ? (v: string) => v.toLowerCase() : (v: string) => v;
    return { kind: 'trait', trait: c.trait, values: list.map(norm) };
  });
  return {
    id: d.id ?? slugOf(d.name),
    name: d.name,
    ...(d.description ? { description: d.description } : {}),
    match: d.match,
    conditions,
    created_at: now.toISOString(),
  };
}
