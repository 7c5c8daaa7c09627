/**
 * Experiments as a product: definitions stored as documents (collection
 * `experiments`), their results, server-side assignment and planning. The CLI
 * and the HTTP routes call these functions, so they cannot drift.
 */
import { createHash } from 'node:crypto';
import { assignVariant, CURRENT_HASH_VERSION, planSampleSize, type HashVersion, type PlanResult } from '../../experiments/index.js';
import type { EventRecord } from '../../records/events.js';
import { AppError, invalid } from '../../shared/errors.js';
import type { Store } from '../../store/store.js';
import { applyExperimentPatch, parseExperimentDefinition, withHashVersion, type ExperimentDefinition } from './experiments-definition.js';
import { experimentResults, type ExperimentResults } from './experiments-results.js';

export { parseExperimentDefinition, applyExperimentPatch, primaryMetrics, reportMetrics, withHashVersion, type ExperimentDefinition } from './experiments-definition.js';
export { computeExperimentResults, type ExperimentResults } from './experiments-results.js';

export const experimentCollection = 'experiments';

/** The list view of an experiment (what the dashboard's table shows). */
export interface ExperimentSummary {
  id: string;
  key: string;
  name: string;
  status: ExperimentDefinition['status'];
  variants: ExperimentDefinition['variants'];
  primary_metric: ExperimentDefinition['metric'];
  start: string | null;
  stop: string | null;
  winner: string | null;
  planned_users: number | null;
  hash_version: HashVersion;
  created_at: string;
}

/** Validates and stores a new experiment; 409 when the key is taken. */
export async function createExperiment(store: Store, workspaceId: string, raw: unknown, now: Date = new Date()): Promise<ExperimentDefinition> {
  const def = parseExperimentDefinition(raw, now);
  def.hash_version ??= CURRENT_HASH_VERSION;
  if (def.status === 'running' && !def.start) def.start = now.toISOString();
  if (def.status === 'stopped' && !def.stop) def.stop = now.toISOString();
  if (await store.getDocument(workspaceId, experimentCollection, def.id)) {
    throw new AppError('conflict', `key: an experiment "${def.key}" already exists`, [{ path: 'key', message: 'already exists' }]);
  }
  await store.putDocument(workspaceId, experimentCollection, def.id, def);
  return def;
}

/** Every experiment of the workspace, newest first. */
export async function listExperiments(store: Store, workspaceId: string): Promise<{ experiments: ExperimentSummary[] }> {
  const defs = (await store.listDocuments<ExperimentDefinition>(workspaceId, experimentCollection)).map(withHashVersion);
  defs.sort((a, b) => b.created_at.localeCompare(a.created_at) || a.key.localeCompare(b.key));
  return { experiments: defs.map(summarize) };
}

/** The list row of one definition. */
export function summarize(def: ExperimentDefinition): ExperimentSummary {
  return {
    id: def.id, key: def.key, name: def.name, status: def.status, variants: def.variants, primary_metric: def.metric,
    start: def.start ?? null, stop: def.stop ?? null, winner: def.winner ?? null, planned_users: def.planned_users ?? null,
    hash_version: def.hash_version ?? 1, created_at: def.created_at,
  };
}

/** One definition, or 404. */
export async function getExperiment(store: Store, workspaceId: string, id: string): Promise<ExperimentDefinition> {
  const def = await store.getDocument<ExperimentDefinition>(workspaceId, experimentCollection, id);
  if (!def) throw new AppError('not_found', `no experiment "${id}"`);
  return withHashVersion(def);
}

/** What the browser snippet needs to assign visitors: every running experiment's key, variants and hash version. */
export interface PublicDefinition {
  key: string;
  variants: { name: string; weight: number }[];
  hash_version: HashVersion;
}

/**
 * The definitions the snippet fetches (`GET /v1/experiments/definitions` with
 * the write key): running experiments only, nothing but what assignment needs.
 */
export async function publicDefinitions(store: Store, workspaceId: string): Promise<{ experiments: PublicDefinition[] }> {
  const defs = (await store.listDocuments<ExperimentDefinition>(workspaceId, experimentCollection)).map(withHashVersion);
  return {
    experiments: defs
      .filter((d) => d.status === 'running')
      .sort((a, b) => a.key.localeCompare(b.key))
      .map((d) => ({ key: d.key, variants: d.variants.map((v) => ({ name: v.name, weight: v.weight })), hash_version: d.hash_version })),
  };
}

/** Applies a partial update (status start/stop, name, weights while not running, …) and stores it. */
export async function updateExperiment(store: Store, workspaceId: string, id: string, patch: unknown, now: Date = new Date()): Promise<ExperimentDefinition> {
  const next = applyExperimentPatch(await getExperiment(store, workspaceId, id), patch, now);
  await store.putDocument(workspaceId, experimentCollection, id, next);
  return next;
}

/** Deletes a definition (its exposure events stay); 404 when missing. */
export async function deleteExperiment(store: Store, workspaceId: string, id: string): Promise<{ deleted: string }> {
  if (!(await store.deleteDocument(workspaceId, experimentCollection, id))) throw new AppError('not_found', `no experiment "${id}"`);
  return { deleted: id };
}

/** Results of an experiment by id (see experiments-results.ts for the document). */
export async function experimentResultsById(store: Store, workspaceId: string, id: string, now: Date = new Date()): Promise<ExperimentResults> {
  return experimentResults(store, workspaceId, await getExperiment(store, workspaceId, id), now);
}

/** Who asks for a variant: the visitor and, for targeting, where they come from. */
export interface AssignRequest {
  anonymous_id: string;
  user_id?: string;
  channel?: string;
  country?: string;
  device?: string;
}

export interface Assignment {
  experiment: string;
  variant: string;
  index: number;
  /** false when the test is not running or the visitor is outside its targeting: they see the control, no exposure is logged */
  in_experiment: boolean;
  /** the assignment hash the variant came from (the experiment's) */
  hash_version: HashVersion;
  /** the variant's landing page, for link-rotation tests */
  url: string | null;
  /** the `$exposure` event to record when in_experiment (the same id for the same visitor, so it is stored once) */
  exposure: EventRecord | null;
}

/** Validates an assignment request body, naming the bad field. */
export function parseAssignRequest(raw: unknown): AssignRequest {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw invalid('(body)', 'expected a JSON object {"anonymous_id": "…"}');
  const body = raw as Record<string, unknown>;
  const out: Record<string, string> = {};
  for (const field of ['anonymous_id', 'user_id', 'channel', 'country', 'device'] as const) {
    const v = body[field];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'string' || v.trim() === '' || v.length > 256) throw invalid(field, 'must be a non-empty string of at most 256 characters');
    out[field] = v.trim();
  }
  if (!out.anonymous_id) throw invalid('anonymous_id', 'is required');
  return out as unknown as AssignRequest;
}

/** Validates `GET /v1/experiments/assign`'s query: the experiment, the visitor (as for the POST body) and the page's own variant, if given. */
export function parseAssignQuery(raw: unknown): { experiment: string; variant?: string; request: AssignRequest } {
  const q = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const text = (field: string): string | undefined => {
    const v = q[field];
    if (v === undefined) return undefined;
    if (typeof v !== 'string' || v.trim() === '' || v.length > 256) throw invalid(field, 'must be a non-empty string of at most 256 characters');
    return v.trim();
  };
  const experiment = text('experiment');
  if (!experiment) throw invalid('experiment', 'is required');
  const variant = text('variant');
  const { experiment: _e, variant: _v, key: _k, ...visitor } = q;
  return { experiment, ...(variant !== undefined ? { variant } : {}), request: parseAssignRequest(visitor) };
}

/**
 * The variant a visitor sees: deterministic and sticky (the same hash of
 * experiment key and anonymous id as the browser snippet), so the server,
 * the Node helper and `roilens.variant(key)` agree.
 */
export function assignExperiment(def: ExperimentDefinition, req: AssignRequest, now: Date = new Date()): Assignment {
  const outside = def.status !== 'running' || !targeted(def, req);
  const hashVersion = def.hash_version ?? 1;
  const index = outside ? 0 : assignVariant(def.key, req.anonymous_id, def.variants.map((v) => v.weight), hashVersion);
  const variant = def.variants[index].name;
  const url = def.destinations?.find((d) => d.variant === variant)?.url ?? null;
  const exposure: EventRecord | null = outside
    ? null
    : {
        // one id per visitor and experiment: repeated assignments store one exposure (ids are deduplicated)
        id: `xp_${createHash('sha256').update(`${def.key}\u0000${req.anonymous_id}`).digest('base64url').slice(0, 32)}`, type: 'custom', name: '$exposure', ts: now.toISOString(),
        anonymous_id: req.anonymous_id, ...(req.user_id ? { user_id: req.user_id } : {}),
        properties: { experiment: def.key, variant, hash_version: hashVersion, source: 'server' },
      };
  return { experiment: def.key, variant, index, in_experiment: !outside, hash_version: hashVersion, url, exposure };
}

function targeted(def: ExperimentDefinition, req: AssignRequest): boolean {
  for (const field of ['channel', 'country', 'device'] as const) {
    const rule = def.targeting?.[field];
    if (rule === undefined) continue;
    const allowed = (Array.isArray(rule) ? rule : [rule]).map((s) => s.toLowerCase());
    if (!req[field] || !allowed.includes(req[field].toLowerCase())) return false;
  }
  return true;
}

/** Query of `GET /v1/experiments/plan` (strings as they come from a URL). */
export interface PlanQuery {
  baseline?: string | number;
  mde?: string | number;
  power?: string | number;
  alpha?: string | number;
  daily_users?: string | number;
  variants?: string | number;
  metric?: string;
  sd?: string | number;
  current_users?: string;
}

/** Validates planning parameters (each error names its parameter) and plans the sample size. */
export function planExperiment(q: PlanQuery): PlanResult & { metric: 'binomial' | 'mean'; baseline: number; mde: number; power: number; alpha: number; variants: number; daily_users: number | null } {
  const metric = q.metric ?? 'binomial';
  if (metric !== 'binomial' && metric !== 'mean') throw invalid('metric', 'must be binomial or mean');
  const binomial = metric === 'binomial';
  const baseline = required(q.baseline, 'baseline');
  if (binomial && !(baseline > 0 && baseline < 1)) throw invalid('baseline', 'must be strictly between 0 and 1');
  const mde = required(q.mde, 'mde');
  if (mde === 0 || mde <= -1) throw invalid('mde', 'must be a non-zero relative effect above -1, e.g. 0.1 for +10%');
  if (binomial && !(baseline * (1 + mde) < 1)) throw invalid('mde', 'baseline·(1 + mde) must stay below 1');
  const power = num(q.power, 'power') ?? PLAN_DEFAULTS.power;
  if (!(power > 0 && power < 1)) throw invalid('power', 'must be strictly between 0 and 1');
  const alpha = num(q.alpha, 'alpha') ?? PLAN_DEFAULTS.alpha;
  if (!(alpha > 0 && alpha <= 0.5)) throw invalid('alpha', 'must be in (0, 0.5]');
  const variants = num(q.variants, 'variants') ?? 2;
  if (!Number.isInteger(variants) || variants < 2 || variants > 26) throw invalid('variants', 'must be an integer from 2 to 26');
  const dailyUsers = num(q.daily_users, 'daily_users');
  if (dailyUsers !== undefined && !(dailyUsers > 0)) throw invalid('daily_users', 'must be positive');
  const sd = num(q.sd, 'sd');
  if (!binomial && !(sd !== undefined && sd > 0)) throw invalid('sd', 'a positive sd is required for metric mean');
  if (!binomial && baseline === 0) throw invalid('baseline', 'must not be 0 for metric mean (the effect is baseline·mde)');
  const currentUsers = q.current_users?.split(',').map((s, i) => {
    const n = Number(s.trim());
    if (!Number.isFinite(n) || n < 0) throw invalid(`current_users.${i}`, 'must be a non-negative number');
    return n;
  });
  if (currentUsers && currentUsers.length !== variants) throw invalid('current_users', `needs one count per variant (${variants})`);
  if (currentUsers && dailyUsers === undefined) throw invalid('daily_users', 'is required with current_users');
  // Impossible combinations the checks above let through are an `invalid_input` naming the field.
  const plan: PlanResult = planSampleSize({ metric, baseline, mde, power, alpha, sd, dailyUsers, variants, currentUsers });
  return { ...plan, metric, baseline, mde, power, alpha, variants, daily_users: dailyUsers ?? null };
}

const PLAN_DEFAULTS = { power: 0.8, alpha: 0.05 };

function required(value: string | number | undefined, field: string): number {
  const n = num(value, field);
  if (n === undefined) throw invalid(field, 'is required');
  return n;
}

function num(value: string | number | undefined, field: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n)) throw invalid(field, `must be a number, got "${value}"`);
  return n;
}
