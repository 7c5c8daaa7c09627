/**
 * Experiment definitions: what is tested (variants and their planned traffic
 * shares), on whom (targeting), when (start, stop) and how it is judged
 * (primary, secondary and guardrail metrics). Validated once with zod for the
 * CLI and the HTTP API; every problem names its JSON path (`variants.1.weight`).
 */
import { z } from 'zod';
import { HASH_VERSIONS, type HashVersion } from '../../experiments/index.js';
import { AppError, type FieldIssue } from '../../shared/errors.js';

/** Metrics a test can be judged on as its primary metric (the store gives per-person sums for these). */
export const primaryMetrics = ['conversion_rate', 'revenue_per_user'] as const;
/**
 * Metrics reported as secondary or guardrail metrics. `leads_per_user`,
 * `conversions_per_user` and `average_order_value` are shown per variant but
 * not tested: the store has their totals, not the per-person variance a test needs.
 */
export const reportMetrics = ['conversion_rate', 'revenue_per_user', 'leads_per_user', 'conversions_per_user', 'average_order_value'] as const;
export const experimentStatuses = ['draft', 'running', 'stopped'] as const;

export type PrimaryMetric = (typeof primaryMetrics)[number];
export type ReportMetric = (typeof reportMetrics)[number];
export type ExperimentStatus = (typeof experimentStatuses)[number];

/** Keys that would collide with fixed routes under /v1/experiments/. */
const reservedKeys = new Set(['plan', 'definitions']);
const keyPattern = /^[a-z0-9][a-z0-9_-]{0,63}$/;

const text = (max: number) => z.string({ error: 'must be a string' }).trim().min(1, { error: 'must not be empty' }).max(max, { error: `must be at most ${max} characters` });
const timestamp = z.string({ error: 'must be an ISO 8601 date or date-time' }).refine((v) => /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}.*)?$/.test(v) && Number.isFinite(Date.parse(v)), {
  error: 'must be an ISO 8601 date or date-time such as 2026-03-01 or 2026-03-01T09:00:00Z',
});
const oneOrMany = z.union([text(128), z.array(text(128), { error: 'must be a string or an array of strings' }).min(1, { error: 'must not be empty' })], {
  error: 'must be a string or an array of strings',
});
const enumOf = <T extends readonly [string, ...string[]]>(values: T) => z.enum(values, { error: `must be one of ${values.join(', ')}` });

const variantSchema = z.object(
  {
    name: text(64),
    weight: z.number({ error: 'must be a positive number' }).positive({ error: 'must be a positive number' }).refine(Number.isFinite, { error: 'must be a positive number' }).default(1),
  },
  { error: 'must be an object {name, weight}' },
);

const fields = {
  name: text(200),
  hypothesis: text(2000).optional(),
  status: enumOf(experimentStatuses).default('draft'),
  variants: z.array(variantSchema, { error: 'must be an array of variants [{name, weight}]' }).min(2, { error: 'needs at least two variants (the first is the control)' }).max(26, { error: 'at most 26 variants' }),
  metric: enumOf(reportMetrics).default('conversion_rate'),
  secondary_metrics: z.array(enumOf(reportMetrics), { error: 'must be an array of metric names' }).optional(),
  guardrail_metrics: z.array(enumOf(reportMetrics), { error: 'must be an array of metric names' }).optional(),
  targeting: z
    .object({ channel: oneOrMany.optional(), country: oneOrMany.optional(), device: oneOrMany.optional() }, { error: 'must be an object {channel?, country?, device?}' })
    .strict()
    .optional(),
  start: timestamp.optional(),
  stop: timestamp.optional(),
  destinations: z
    .array(z.object({ variant: text(64), url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }) }, { error: 'must be an object {variant, url}' }), { error: 'must be an array of {variant, url}' })
    .optional(),
  /** relative minimum detectable effect used for "how many more days" (default 0.1 = +10%) */
  mde: z.number({ error: 'must be a number' }).refine((m) => Number.isFinite(m) && m !== 0 && m > -1, { error: 'must be a non-zero number above -1, e.g. 0.1 for +10%' }).optional(),
  /** users per variant the test is planned for (the dashboard's planner fills it); progress is measured against it */
  planned_users: z.number({ error: 'must be a positive integer' }).int({ error: 'must be a positive integer' }).positive({ error: 'must be a positive integer' }).optional(),
  /** the variant declared the winner (usually when stopping) */
  winner: text(64).optional(),
};

const definitionSchema = z
  .object({
    id: z.string({ error: 'must be a string' }).optional(),
    key: z.string({ error: 'must be a string' }),
    ...fields,
    /** assignment hash (1: FNV-1a, experiments created before versions; 2: MurmurHash3); fixed at creation */
    hash_version: z.union(HASH_VERSIONS.map((v) => z.literal(v)) as [z.ZodLiteral<1>, z.ZodLiteral<2>], { error: `must be one of ${HASH_VERSIONS.join(', ')}` }).optional(),
    created_at: z.string().optional(),
  }, { error: 'expected a JSON object' })
  .strict()
  .superRefine((d, ctx) => {
    if (!keyPattern.test(d.key)) ctx.addIssue({ code: 'custom', path: ['key'], message: 'must be a slug: lowercase letters, digits, - and _, at most 64 characters' });
    else if (reservedKeys.has(d.key)) ctx.addIssue({ code: 'custom', path: ['key'], message: `"${d.key}" is reserved` });
    if (d.id !== undefined && d.id !== d.key) ctx.addIssue({ code: 'custom', path: ['id'], message: 'must equal key (an experiment is identified by its key)' });
    checkConsistency(d, (path, message) => ctx.addIssue({ code: 'custom', path, message }));
  });

/** A stored experiment definition (the document in collection `experiments`). */
export interface ExperimentDefinition {
  /** equals `key` */
  id: string;
  /** slug; exposures carry it as `properties.experiment` */
  key: string;
  name: string;
  hypothesis?: string;
  status: ExperimentStatus;
  /** the first variant is the control; weights are relative planned traffic shares */
  variants: { name: string; weight: number }[];
  metric: PrimaryMetric;
  secondary_metrics?: ReportMetric[];
  guardrail_metrics?: ReportMetric[];
  targeting?: { channel?: string | string[]; country?: string | string[]; device?: string | string[] };
  start?: string;
  stop?: string;
  /** landing page per variant, for tests through rotating links */
  destinations?: { variant: string; url: string }[];
  mde?: number;
  planned_users?: number;
  winner?: string;
  /** assignment hash version: stored documents without one are version 1 (see `withHashVersion`) */
  hash_version?: HashVersion;
  created_at: string;
}

type Issue = (path: (string | number)[], message: string) => void;

/** Cross-field rules shared by create and update. */
function checkConsistency(d: Partial<Omit<ExperimentDefinition, 'metric'>> & { metric?: string }, issue: Issue): void {
  const names = new Set<string>();
  d.variants?.forEach((v, i) => {
    if (names.has(v.name)) issue(['variants', i, 'name'], `duplicate variant name "${v.name}"`);
    names.add(v.name);
  });
  if (d.metric !== undefined && !(primaryMetrics as readonly string[]).includes(d.metric)) {
    issue(['metric'], `must be ${primaryMetrics.join(' or ')} for the primary metric (${d.metric} is available as a secondary metric: the store has its totals, not the per-person variance a test needs)`);
  }
  if (d.winner !== undefined && names.size > 0 && !names.has(d.winner)) issue(['winner'], `is not one of the variants (${[...names].join(', ')})`);
  d.destinations?.forEach((dest, i) => {
    if (names.size > 0 && !names.has(dest.variant)) issue(['destinations', i, 'variant'], `is not one of the variants (${[...names].join(', ')})`);
  });
  if (d.start !== undefined && d.stop !== undefined && Date.parse(d.stop) < Date.parse(d.start)) issue(['stop'], 'must not be before start');
}

function fail(error: z.ZodError): never {
  const issues: FieldIssue[] = error.issues.map((i) => ({ path: i.path.join('.') || '(definition)', message: i.message }));
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  throw new AppError('invalid_input', `${issues[0].path}: ${issues[0].message}${more}`, issues);
}

/**
 * Validates a new experiment definition; fills defaults (status draft, metric
 * conversion_rate, weight 1), sets `id` = `key` and `created_at` = `now`.
 * Throws AppError `invalid_input` listing every bad field by its path.
 */
export function parseExperimentDefinition(raw: unknown, now: Date): ExperimentDefinition {
  const result = definitionSchema.safeParse(raw);
  if (!result.success) fail(result.error);
  const { id: _id, created_at: _created, ...d } = result.data;
  return stripUndefined({ ...d, id: d.key, metric: d.metric as PrimaryMetric, created_at: now.toISOString() });
}

const patchSchema = z
  .object(
    {
      id: z.string().optional(),
      key: z.string().optional(),
      hash_version: z.unknown().optional(),
      ...Object.fromEntries(Object.entries(fields).map(([k, schema]) => [k, (schema instanceof z.ZodDefault ? schema.unwrap() : schema).nullable().optional()])),
    },
    { error: 'expected a JSON object' },
  )
  .strict();

/**
 * Applies a PATCH body to a stored definition. `null` removes an optional
 * field; `key`/`id` cannot change. Status changes stamp `start` (→ running)
 * and `stop` (→ stopped) when they are not given. Variants cannot change
 * while the test runs: people already exposed would switch arms.
 */
export function applyExperimentPatch(current: ExperimentDefinition, raw: unknown, now: Date): ExperimentDefinition {
  const parsed = patchSchema.safeParse(raw);
  if (!parsed.success) fail(parsed.error);
  const patch = parsed.data as Record<string, unknown>;
  if (patch.hash_version !== undefined && patch.hash_version !== (current.hash_version ?? 1)) {
    throw new AppError('invalid_input', 'hash_version: cannot change (exposed people would switch variants)', [{ path: 'hash_version', message: 'cannot change' }]);
  }
  for (const field of ['id', 'key'] as const) {
    if (patch[field] !== undefined && patch[field] !== current.key) throw new AppError('invalid_input', `${field}: cannot change (create a new experiment instead)`, [{ path: field, message: 'cannot change' }]);
  }
  for (const field of ['name', 'status', 'variants', 'metric'] as const) {
    if (patch[field] === null) throw new AppError('invalid_input', `${field}: cannot be removed`, [{ path: field, message: 'cannot be removed' }]);
  }
  if (patch.variants !== undefined && current.status === 'running' && JSON.stringify(patch.variants) !== JSON.stringify(current.variants)) {
    throw new AppError('conflict', 'variants: cannot change while the experiment is running (exposed people would switch variants); stop it and start a new experiment', [
      { path: 'variants', message: 'cannot change while running' },
    ]);
  }
  const next: Record<string, unknown> = { ...current };
  for (const [k, v] of Object.entries(patch)) {
    if (k === 'id' || k === 'key' || k === 'hash_version' || v === undefined) continue;
    if (v === null) delete next[k];
    else next[k] = v;
  }
  if (patch.status === 'running' && current.status !== 'running') {
    if (patch.start === undefined && !current.start) next.start = now.toISOString();
    if (patch.stop === undefined) delete next.stop;
  }
  if (patch.status === 'stopped' && current.status !== 'stopped' && patch.stop === undefined) next.stop = now.toISOString();
  const { created_at, ...rest } = next;
  return parseExperimentDefinition(rest, typeof created_at === 'string' && Number.isFinite(Date.parse(created_at)) ? new Date(created_at) : now);
}

/** A stored definition with its hash version made explicit: documents from before hash versions are version 1. */
export function withHashVersion(def: ExperimentDefinition): ExperimentDefinition & { hash_version: HashVersion } {
  return { ...def, hash_version: def.hash_version ?? 1 };
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
