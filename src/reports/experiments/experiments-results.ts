/**
 * Experiment results from stored exposures and outcomes:
 * fetch (store.experimentStats) → compute (analyzeExperiment per metric,
 * planning for "how many more days") → format (the API/CLI document).
 * `computeExperimentResults` is synchronous and pure; only `experimentResults` touches the store.
 */
import {
  analyzeExperiment,
  assignVariant,
  daysNeeded,
  parseHashVersion,
  momentsFromSums,
  planSampleSize,
  type ExperimentInput,
  type ExperimentResult,
  type VariantResult,
} from '../../experiments/index.js';
import { getRevenueSources } from '../../store/revenue-settings.js';
import type { ExperimentExposure, ExperimentSample, ExperimentVariantStats, Store } from '../../store/store.js';
import type { ExperimentDefinition, ReportMetric } from './experiments-definition.js';
import { sampleFlags, type SampleFlag } from './experiments-sample.js';

const DAY_MS = 86_400_000;
const DEFAULT_MDE = 0.1;
const PLAN_POWER = 0.8;
/** How many first exposures the assignment check recomputes (smallest anonymous ids first). */
export const ASSIGNMENT_CHECK_LIMIT = 20_000;
/** Share of recomputed exposures in the wrong variant above which the results are not trusted. */
const MISMATCH_WARNING_SHARE = 0.01;

/**
 * The server's recomputation of the snippet's assignments: each anonymous id's
 * first exposure against the variant the experiment's hash version and weights give.
 */
export interface AssignmentCheck {
  /** the experiment's hash version, used for the recomputation */
  hash_version: number;
  /** first exposures recomputed (at most `limit`) */
  checked: number;
  /** exposures in another variant than the recomputed one */
  mismatched: number;
  /** exposures that carried a different (or unknown) hash version than the experiment's */
  other_version: number;
  /** exposures that carried no hash version (snippets from before versions) */
  without_version: number;
  limit: number;
  /** a few mismatched ids for debugging */
  examples: { anonymous_id: string; variant: string; expected: string; hash_version: string | null }[];
}

/** One variant's row of a metric that is reported but not tested. */
export interface DescriptiveRow {
  name: string;
  users: number;
  value: number | null;
  /** relative difference to the control, null when the control's value is 0 or missing */
  lift: number | null;
}

/** A secondary or guardrail metric: tested (full analysis rows) or descriptive only. */
export type MetricReport =
  | { tested: true; srm_p_value: number; variants: (VariantResult & { value: number | null })[] }
  | { tested: false; note: string; variants: DescriptiveRow[] };

export interface GuardrailReport {
  report: MetricReport;
  /** treatments significantly worse than the control on this metric (p < alpha, lift < 0) */
  breached: string[];
}

/** The results document of `GET /v1/experiments/:id/results` and `roilens experiment results`. */
export interface ExperimentResults {
  experiment: ExperimentDefinition;
  metric: ExperimentDefinition['metric'];
  /** analyzeExperiment's output for the primary metric; null until every variant has enough users */
  analysis: ExperimentResult | null;
  /** copies of analysis fields (the dashboard reads them at the top level) */
  srm_p_value: number | null;
  srm_warning: string | null;
  variants: VariantResult[] | DescriptiveRow[];
  secondary: Partial<Record<ReportMetric, MetricReport>>;
  guardrails: Partial<Record<ReportMetric, GuardrailReport>>;
  /** per-variant counts as stored, in the definition's order */
  stats: ExperimentVariantStats[];
  /** exposures whose variant is not in the definition (excluded from the analysis) */
  unknown_variants: ExperimentVariantStats[];
  /** the server's recomputation of the exposures' assignments (null when it was not run) */
  assignment_check: AssignmentCheck | null;
  /** set when more than 1% of the checked exposures are in the wrong variant */
  assignment_warning: string | null;
  /**
   * Exposed people none of whose exposures the server signed (issue 12 #5): sent without an
   * assignment token, they are left out of every count here. Null when not measured.
   */
  unsigned_users: number | null;
  /** Sample anomalies (one source supplying most of a variant, a conversion rate near 1): i18n message ids with parameters */
  sample_flags: SampleFlag[];
  stopping_rule: string | null;
  days_running: number;
  planned_users_per_variant: number | null;
  /** where planned_users_per_variant comes from: the definition's `planned_users`, or the MDE at 80% power */
  planned_from: 'definition' | 'mde' | null;
  /** the least-filled variant's users ÷ the planned users per variant (can pass 1) */
  progress: number | null;
  /** days until every variant reaches the planned sample size at the traffic so far; 0 = enough data */
  more_days_needed: number | null;
  verdict: string;
  notes: string[];
}

/**
 * Reads the per-variant outcomes of `def` (exposures from its start date; while
 * stopped, events up to its stop date so the result stays fixed) and analyses them.
 */
export async function experimentResults(store: Store, workspaceId: string, def: ExperimentDefinition, now: Date = new Date()): Promise<ExperimentResults> {
  const range = {
    ...(def.start ? { from: dateOf(def.start) } : {}),
    ...(def.status === 'stopped' && def.stop ? { to: dateOf(def.stop) } : {}),
  };
  // Only signed exposures and the sales the workspace counts (issue 12 #5, design.md "Verified revenue").
  const counting = { signed_only: true, revenue_sources: await getRevenueSources(store, workspaceId) };
  const [stats, exposures, sample] = await Promise.all([
    store.experimentStats(workspaceId, { experiment: def.key, ...range, counting }),
    store.experimentExposures(workspaceId, { experiment: def.key, ...range, limit: ASSIGNMENT_CHECK_LIMIT, signed_only: true }),
    store.experimentSample(workspaceId, { experiment: def.key, ...range }),
  ]);
  return computeExperimentResults(def, stats, now, exposures, sample);
}

/**
 * Recomputes each first exposure's variant from the experiment's key, weights
 * and hash version (what the snippet should have done) and counts those that
 * landed elsewhere. A numeric variant ("1") is the variant at that index.
 */
export function checkAssignments(def: ExperimentDefinition, exposures: ExperimentExposure[], limit = ASSIGNMENT_CHECK_LIMIT): AssignmentCheck {
  const version = def.hash_version ?? 1;
  const weights = def.variants.map((v) => v.weight);
  const check: AssignmentCheck = { hash_version: version, checked: 0, mismatched: 0, other_version: 0, without_version: 0, limit, examples: [] };
  for (const x of exposures) {
    check.checked++;
    if (x.hash_version === null) check.without_version++;
    else if (parseHashVersion(x.hash_version) !== version) check.other_version++;
    const expected = assignVariant(def.key, x.anonymous_id, weights, version);
    if (variantIndex(def, x.variant) !== expected) {
      check.mismatched++;
      if (check.examples.length < 5) check.examples.push({ anonymous_id: x.anonymous_id, variant: x.variant, expected: def.variants[expected].name, hash_version: x.hash_version });
    }
  }
  return check;
}

/** The pure part of `experimentResults`: stored counts (and first exposures, for the assignment check) in, results document out. */
export function computeExperimentResults(def: ExperimentDefinition, raw: ExperimentVariantStats[], now: Date, exposures?: ExperimentExposure[], sample?: ExperimentSample): ExperimentResults {
  const { stats, unknown } = alignVariants(def, raw);
  const notes: string[] = [];
  const flags = sampleFlags(def, stats, sample);
  if (sample && sample.unsigned_units > 0) {
    notes.push(`${sample.unsigned_units} exposed ${sample.unsigned_units === 1 ? 'person' : 'people'} sent no server-signed assignment and ${sample.unsigned_units === 1 ? 'is' : 'are'} left out (exposures need the token of GET /v1/experiments/assign).`);
  }
  if (unknown.length > 0) notes.push(`Exposures to variants not in the definition were left out: ${unknown.map((u) => `"${u.variant}" (${u.users} users)`).join(', ')}.`);
  const check = exposures ? checkAssignments(def, exposures) : null;
  const assignmentWarning = check && check.checked > 0 && check.mismatched / check.checked > MISMATCH_WARNING_SHARE
    ? `Assignment mismatch: ${check.mismatched} of ${check.checked} exposed visitors are not in the variant that hash version ${check.hash_version} gives them` +
      (check.other_version + check.without_version > 0 ? ` (${check.other_version} sent another hash version, ${check.without_version} none)` : '') +
      '. The page assigns differently from the definition (old snippet, other weights or variant order); fix it before trusting these results.'
    : null;
  if (check && check.mismatched > 0 && !assignmentWarning) notes.push(`${check.mismatched} of ${check.checked} exposed visitors are not in the variant their hash gives (under 1%).`);
  const weights = def.variants.map((v) => v.weight);
  const analysis = analyzeMetric(def.metric, stats, weights);
  const elapsedDays = elapsed(def, now);

  const secondary: ExperimentResults['secondary'] = {};
  for (const m of def.secondary_metrics ?? []) secondary[m] = metricReport(m, stats, weights);
  const guardrails: ExperimentResults['guardrails'] = {};
  for (const m of def.guardrail_metrics ?? []) {
    const report = metricReport(m, stats, weights);
    const alpha = 0.05;
    const breached = report.tested ? report.variants.filter((v) => v.p_value !== null && v.p_value < alpha && (v.abs_lift ?? 0) < 0).map((v) => v.name) : [];
    guardrails[m] = { report, breached };
  }

  const plan = analysis ? remainingDays(def, analysis, stats, elapsedDays) : null;
  const planned = def.planned_users ?? plan?.users ?? null;
  return {
    experiment: def,
    metric: def.metric,
    analysis,
    srm_p_value: analysis?.srm_p_value ?? null,
    srm_warning: analysis?.srm_warning ?? null,
    variants: analysis?.variants ?? stats.map((s) => ({ name: s.variant, users: s.users, value: null, lift: null })),
    secondary,
    guardrails,
    stats,
    unknown_variants: unknown,
    assignment_check: check,
    assignment_warning: assignmentWarning,
    unsigned_users: sample ? sample.unsigned_units : null,
    sample_flags: flags,
    stopping_rule: analysis?.stopping_rule ?? null,
    days_running: Math.floor(elapsedDays),
    planned_users_per_variant: planned,
    planned_from: def.planned_users !== undefined ? 'definition' : plan ? 'mde' : null,
    progress: planned ? Math.min(...stats.map((s) => s.users)) / planned : null,
    more_days_needed: plan?.days ?? null,
    verdict: assignmentWarning && !analysis?.srm_warning
      ? `Do not trust these results: ${assignmentWarning}`
      : flags.length > 0 && analysis && !analysis.srm_warning
        ? `Do not trust these results yet: ${flags.map((f) => f.text).join(' ')}`
        : verdict(def, analysis, stats, plan, guardrails),
    notes,
  };
}

function variantIndex(def: ExperimentDefinition, variant: string): number {
  const index = def.variants.findIndex((v) => v.name === variant);
  if (index < 0 && /^\d+$/.test(variant) && Number(variant) < def.variants.length) return Number(variant);
  return index;
}

/**
 * Puts the stored rows in the definition's order, filling variants without
 * exposures with zeros. The snippet logs numeric arms as "0", "1", …: those map
 * to the variant at that index.
 */
function alignVariants(def: ExperimentDefinition, raw: ExperimentVariantStats[]): { stats: ExperimentVariantStats[]; unknown: ExperimentVariantStats[] } {
  const stats = def.variants.map((v): ExperimentVariantStats => ({ variant: v.name, users: 0, converters: 0, conversions: 0, revenue_sum: 0, revenue_sum_squares: 0, leads: 0 }));
  const unknown: ExperimentVariantStats[] = [];
  for (const row of raw) {
    let index = def.variants.findIndex((v) => v.name === row.variant);
    if (index < 0 && /^\d+$/.test(row.variant) && Number(row.variant) < def.variants.length) index = Number(row.variant);
    if (index < 0) {
      unknown.push(row);
      continue;
    }
    const s = stats[index];
    s.users += row.users;
    s.converters += row.converters;
    s.conversions += row.conversions;
    s.revenue_sum += row.revenue_sum;
    s.revenue_sum_squares += row.revenue_sum_squares;
    s.leads += row.leads;
  }
  return { stats, unknown };
}

/** The analyzeExperiment input of a tested metric, or null when a variant has too few users. */
function analysisInput(metric: 'conversion_rate' | 'revenue_per_user', stats: ExperimentVariantStats[], weights: number[]): ExperimentInput | null {
  if (metric === 'conversion_rate') {
    if (stats.some((s) => s.users < 1)) return null;
    return { metric: 'binomial', variants: stats.map((s, i) => ({ name: s.variant, users: s.users, conversions: s.converters, weight: weights[i] })) };
  }
  if (stats.some((s) => s.users < 2)) return null;
  return {
    metric: 'mean',
    variants: stats.map((s, i) => ({
      name: s.variant, users: s.users, sum: s.revenue_sum,
      // Σy² ≥ (Σy)²/n always holds for real data; summing doubles can undershoot by an ulp
      sum_squares: Math.max(s.revenue_sum_squares, (s.revenue_sum * s.revenue_sum) / s.users), weight: weights[i],
    })),
  };
}

function analyzeMetric(metric: 'conversion_rate' | 'revenue_per_user', stats: ExperimentVariantStats[], weights: number[]): ExperimentResult | null {
  const input = analysisInput(metric, stats, weights);
  return input ? analyzeExperiment(input) : null;
}

const descriptive: Record<Exclude<ReportMetric, 'conversion_rate' | 'revenue_per_user'>, (s: ExperimentVariantStats) => number | null> = {
  leads_per_user: (s) => (s.users > 0 ? s.leads / s.users : null),
  conversions_per_user: (s) => (s.users > 0 ? s.conversions / s.users : null),
  average_order_value: (s) => (s.conversions > 0 ? s.revenue_sum / s.conversions : null),
};

function metricReport(metric: ReportMetric, stats: ExperimentVariantStats[], weights: number[]): MetricReport {
  if (metric === 'conversion_rate' || metric === 'revenue_per_user') {
    const analysis = analyzeMetric(metric, stats, weights);
    if (analysis) {
      return { tested: true, srm_p_value: analysis.srm_p_value, variants: analysis.variants.map((v) => ({ ...v, value: v.rate ?? v.mean ?? null })) };
    }
    const value = (s: ExperimentVariantStats) => (s.users === 0 ? null : metric === 'conversion_rate' ? s.converters / s.users : s.revenue_sum / s.users);
    return { tested: false, note: 'not enough users in every variant to test yet', variants: rows(stats, value) };
  }
  return { tested: false, note: 'shown per variant, not tested: the store keeps totals of this metric, not the per-person variance a test needs', variants: rows(stats, descriptive[metric]) };
}

function rows(stats: ExperimentVariantStats[], value: (s: ExperimentVariantStats) => number | null): DescriptiveRow[] {
  const control = value(stats[0]);
  return stats.map((s, i) => {
    const v = value(s);
    return { name: s.variant, users: s.users, value: v, lift: i === 0 || v === null || !control ? null : v / control - 1 };
  });
}

/** Days between the start (or creation) and the stop (or now), fractional, never negative. */
function elapsed(def: ExperimentDefinition, now: Date): number {
  const start = Date.parse(def.start ?? def.created_at);
  const end = def.status === 'stopped' && def.stop ? Date.parse(def.stop) : now.getTime();
  return Math.max(0, (end - start) / DAY_MS);
}

/**
 * Planned users per variant (the definition's `planned_users`, else for its MDE
 * at 80% power with baseline = the control's observed rate or mean and standard
 * deviation), and the days
 * until every variant has them at the traffic seen so far.
 */
function remainingDays(def: ExperimentDefinition, analysis: ExperimentResult, stats: ExperimentVariantStats[], elapsedDays: number): { users: number; days: number | null } | null {
  const mde = def.mde ?? DEFAULT_MDE;
  const control = stats[0];
  const k = stats.length;
  let users: number;
  if (def.planned_users !== undefined) users = def.planned_users;
  else try {
    if (def.metric === 'conversion_rate') {
      const baseline = control.converters / control.users;
      if (!(baseline > 0 && baseline * (1 + mde) < 1)) return null;
      users = planSampleSize({ metric: 'binomial', baseline, mde, power: PLAN_POWER, alpha: analysis.alpha, variants: k }).users_per_variant;
    } else {
      const m = momentsFromSums(control.users, control.revenue_sum, control.revenue_sum_squares);
      if (!(m.mean > 0 && m.variance > 0)) return null;
      users = planSampleSize({ metric: 'mean', baseline: m.mean, sd: Math.sqrt(m.variance), mde, power: PLAN_POWER, alpha: analysis.alpha, variants: k }).users_per_variant;
    }
  } catch {
    return null;
  }
  const total = stats.reduce((a, s) => a + s.users, 0);
  const dailyUsers = total / Math.max(1, elapsedDays);
  const days = dailyUsers > 0 ? daysNeeded(users, dailyUsers, k, { weights: def.variants.map((v) => v.weight), currentUsers: stats.map((s) => s.users) }) : null;
  return { users, days };
}

const metricLabel: Record<ExperimentDefinition['metric'], string> = { conversion_rate: 'conversion rate', revenue_per_user: 'revenue per user' };

/** One sentence a marketer can act on, following the stopping rule (sequential p-values). */
function verdict(
  def: ExperimentDefinition,
  analysis: ExperimentResult | null,
  stats: ExperimentVariantStats[],
  plan: { users: number; days: number | null } | null,
  guardrails: ExperimentResults['guardrails'],
): string {
  if (!analysis) {
    const need = def.metric === 'conversion_rate' ? 1 : 2;
    return `Not enough data yet: every variant needs at least ${need} exposed user${need > 1 ? 's' : ''} (now ${stats.map((s) => `${s.variant} ${s.users}`).join(', ')}).`;
  }
  if (analysis.srm_warning) return `Do not trust these results: ${analysis.srm_warning}`;
  const control = analysis.variants[0];
  const decided = analysis.variants.slice(1).filter((v) => v.sequential_p_value !== null && v.sequential_p_value < analysis.alpha);
  const breached = Object.entries(guardrails).flatMap(([m, g]) => g.breached.map((name) => `${name} hurts ${m.replace(/_/g, ' ')}`));
  const guard = breached.length ? ` Guardrail warning: ${breached.join('; ')}.` : '';
  if (decided.length > 0) {
    const best = decided.reduce((a, b) => ((b.abs_lift ?? 0) > (a.abs_lift ?? 0) ? b : a));
    const lift = best.lift === null ? '' : ` ${best.lift >= 0 ? '+' : ''}${(100 * best.lift).toFixed(1)}% ${metricLabel[def.metric]},`;
    const chance = best.chance_to_win === null ? '' : ` ${fmtChance(best.chance_to_win)} chance to beat ${control.name},`;
    const word = (best.abs_lift ?? 0) >= 0 ? 'wins' : 'loses';
    return `${best.name} ${word}:${lift}${chance} enough data (sequential p = ${fmtP(best.sequential_p_value ?? 1)} < ${analysis.alpha}).${guard}`;
  }
  if (plan?.days === 0) return `Inconclusive: the planned ${plan.users} users per variant are in and no variant differs from ${control.name} (sequential test).${guard}`;
  const more = plan?.days ? ` About ${plan.days} more day${plan.days === 1 ? '' : 's'} to reach the planned ${plan.users} users per variant.` : '';
  return `No winner yet: keep the test running.${more}${guard}`;
}

function fmtChance(c: number): string {
  if (c > 0.99) return '>99%';
  if (c < 0.01) return '<1%';
  return `${Math.round(100 * c)}%`;
}

function fmtP(p: number): string {
  return p < 0.001 ? p.toExponential(1) : p.toFixed(3);
}

function dateOf(timestamp: string): string {
  return new Date(Date.parse(timestamp)).toISOString().slice(0, 10);
}
