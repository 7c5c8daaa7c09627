/** `/v1/experiments` (admin side) ↔ `roilens experiment …`: planning, definitions and results, one handler each. */
import { z } from 'zod';
import { HASH_VERSIONS } from '../../experiments/assignment/assignment.js';
import { createExperiment, deleteExperiment, experimentCollection, experimentResultsById, getExperiment, listExperiments, planExperiment, updateExperiment } from '../../reports/experiments/experiments.js';
import { experimentStatuses, primaryMetrics, reportMetrics } from '../../reports/experiments/experiments-definition.js';
import { AppError } from '../../shared/errors.js';
import { defineOperation } from '../core/define.js';
import { resultsShape } from './experiments-results.js';

/** A number as the query string or a flag carries it; the planner parses it and names the field. */
const numberText = (description: string) => z.string().max(64).optional().describe(description);

export const experimentPlanOperation = defineOperation({
  name: 'experiments.plan',
  summary: 'Users per variant (and days) to detect a relative lift at a given power',
  tags: ['experiments'],
  scope: 'experiments:read',
  http: { method: 'GET', path: '/v1/experiments/plan' },
  input: z.object({
    baseline: numberText('baseline conversion rate (or mean with metric=mean)'),
    mde: numberText('relative minimum detectable effect, e.g. 0.1'),
    power: numberText('default 0.8'),
    alpha: numberText('two-sided, default 0.05'),
    daily_users: numberText('users entering the test per day (all variants)'),
    variants: numberText('number of variants including the control, default 2'),
    metric: z.enum(['binomial', 'mean']).optional(),
    sd: numberText('per-user standard deviation (metric mean)'),
    current_users: z.string().max(4096).optional().describe('users already in each variant, comma-separated'),
  }),
  webType: 'ExperimentPlanAnswer',
  output: z.object({
    users_per_variant: z.number(),
    total_users: z.number(),
    exact_n: z.number().describe('n before rounding'),
    alpha_per_comparison: z.number().describe('alpha of each treatment-vs-control comparison'),
    days: z.number().nullable(),
    days_remaining: z.number().nullable(),
    metric: z.enum(['binomial', 'mean']),
    baseline: z.number(),
    mde: z.number(),
    power: z.number(),
    alpha: z.number(),
    variants: z.number().int(),
    daily_users: z.number().nullable(),
  }),
  cli: {
    command: 'experiment plan',
    offline: true,
    flags: {
      baseline: { value: '<p>', description: 'baseline conversion rate (or baseline mean with --metric mean)', required: true },
      mde: { value: '<m>', description: 'relative minimum detectable effect, e.g. 0.1 for +10%', required: true },
      power: { value: '<w>', description: 'power, e.g. 0.8', required: true },
      alpha: { value: '<a>', description: 'two-sided significance level', default: '0.05' },
      daily_users: { value: '<n>' },
      variants: { value: '<k>', description: 'number of variants including the control', default: '2' },
      metric: { value: '<kind>', description: 'binomial or mean', default: 'binomial' },
      sd: { value: '<s>' },
      current_users: { value: '<list>', description: 'users already in each variant, comma-separated ("how many more days")' },
    },
  },
  handler: (_ctx, input) => planExperiment(input),
});

/*
 * Experiment definitions and results (admin token) ↔ `roilens experiment create|list|update|results`.
 * The definition is a document validated as a whole by parseExperimentDefinition (errors name the field
 * path, `variants.1.weight`), so the body is one input key (`http.body`) the handler hands over whole.
 */

const definitionDescription =
  'An experiment definition: key (slug, = id), name, hypothesis?, status (draft|running|stopped, default draft), variants [{name, weight}] (first = control; ' +
  'weights are relative planned traffic shares, default 1), metric (conversion_rate|revenue_per_user, default conversion_rate), ' +
  'secondary_metrics? and guardrail_metrics? (conversion_rate, revenue_per_user, leads_per_user, conversions_per_user, average_order_value), ' +
  'targeting? {channel?, country?, device?} (string or list), start?, stop? (ISO 8601), destinations? [{variant, url}] for link-rotation tests, ' +
  'mde? (relative minimum detectable effect for planning, default 0.1), planned_users? (users per variant the test is planned for), ' +
  'winner? (a variant name, declared when stopping), hash_version? (assignment hash: 2 = MurmurHash3 for new experiments, 1 = FNV-1a for ' +
  'experiments created before versions; fixed at creation). Validated as a whole; errors name the field path (variants.1.weight).';

/** A JSON object whose fields the definition parser judges (any other body: `body: must be object`). */
const document = (description: string) => z.looseObject({}).describe(description);
const experimentId = z.string().describe('the experiment key');

const variantSchema = z.object({ name: z.string(), weight: z.number() });
const oneOrMany = z.union([z.string(), z.array(z.string())]);
const hashVersion = z.union(HASH_VERSIONS.map((v) => z.literal(v)) as [z.ZodLiteral<1>, z.ZodLiteral<2>]);

export const experimentDefinitionSchema = z.object({
  id: z.string().describe('equals key'),
  key: z.string(),
  name: z.string(),
  hypothesis: z.string().optional(),
  status: z.enum(experimentStatuses),
  variants: z.array(variantSchema).describe('the first variant is the control'),
  metric: z.enum(primaryMetrics),
  secondary_metrics: z.array(z.enum(reportMetrics)).optional(),
  guardrail_metrics: z.array(z.enum(reportMetrics)).optional(),
  targeting: z.object({ channel: oneOrMany.optional(), country: oneOrMany.optional(), device: oneOrMany.optional() }).optional(),
  start: z.string().optional(),
  stop: z.string().optional(),
  destinations: z.array(z.object({ variant: z.string(), url: z.string() })).optional(),
  mde: z.number().optional(),
  planned_users: z.number().optional(),
  winner: z.string().optional(),
  hash_version: hashVersion.optional(),
  created_at: z.string(),
});

export const experimentSummarySchema = z.object({
  id: z.string(),
  key: z.string(),
  name: z.string(),
  status: z.enum(experimentStatuses),
  variants: z.array(variantSchema),
  primary_metric: z.enum(primaryMetrics),
  start: z.string().nullable(),
  stop: z.string().nullable(),
  winner: z.string().nullable(),
  planned_users: z.number().nullable(),
  hash_version: hashVersion,
  created_at: z.string(),
});

/** One flat table row of a definition (the CLI's table and csv). */
function listRow(def: z.output<typeof experimentSummarySchema> | z.output<typeof experimentDefinitionSchema>) {
  return {
    key: def.key, name: def.name, status: def.status,
    variants: def.variants.map((v) => `${v.name}:${v.weight}`).join(' '),
    primary_metric: 'primary_metric' in def ? def.primary_metric : def.metric,
    start: def.start ?? '', stop: def.stop ?? '',
  };
}

export const experimentListOperation = defineOperation({
  name: 'experiments.list',
  summary: 'List experiments',
  tags: ['experiments'],
  scope: 'experiments:read',
  http: { method: 'GET', path: '/v1/experiments' },
  input: z.object({}),
  output: z.object({ experiments: z.array(experimentSummarySchema).describe('newest first') }),
  webType: 'ExperimentsAnswer',
  list: { items: 'experiments', order: [{ by: (e) => e.created_at, desc: true }, { by: (e) => e.key }] },
  cli: {
    command: 'experiment list',
    description: 'List the experiments with their status, variants and primary metric',
    print: (list, format, _input, { printResult }) => {
      if (format === 'json') printResult(list, format);
      else if (list.experiments.length === 0) process.stderr.write('no experiments yet: create one with roilens experiment create --file DEF.json\n');
      else printResult({ experiments: list.experiments.map(listRow) }, format);
    },
  },
  handler: (ctx) => listExperiments(ctx.store, ctx.workspaceId),
});

export const experimentCreateOperation = defineOperation({
  name: 'experiments.create',
  summary: 'Create an experiment',
  tags: ['experiments'],
  scope: 'experiments:write',
  http: { method: 'POST', path: '/v1/experiments', status: 201, body: 'definition' },
  input: z.object({ definition: document(definitionDescription) }),
  output: experimentDefinitionSchema,
  cli: {
    command: 'experiment create',
    description: 'Create an experiment from a JSON definition ({key, name, variants:[{name, weight}], metric, …})',
    hidden: ['definition'],
    options: [['--file <file>', 'JSON file with the definition', undefined, true]],
    input: (opts, _format, { readJsonFile }) => ({ definition: readJsonFile(String(opts.file), '--file') }),
    print: (def, format, _input, { printResult }) => printResult(format === 'json' ? def : { experiments: [listRow(def)] }, format),
  },
  handler: (ctx, input) => createExperiment(ctx.store, ctx.workspaceId, input.definition),
});

export const experimentGetOperation = defineOperation({
  name: 'experiments.get',
  summary: 'One experiment definition',
  tags: ['experiments'],
  scope: 'experiments:read',
  http: { method: 'GET', path: '/v1/experiments/:id' },
  input: z.object({ id: experimentId }),
  output: experimentDefinitionSchema,
  webType: 'ExperimentDefinition',
  cli: { none: 'the CLI shows definitions in `experiment list` and with each `experiment results --format json`' },
  handler: (ctx, input) => getExperiment(ctx.store, ctx.workspaceId, input.id),
});

export const experimentUpdateOperation = defineOperation({
  name: 'experiments.update',
  summary: 'Update an experiment: {"status":"running"} starts it (stamps start), {"status":"stopped"} stops it; null removes an optional field',
  tags: ['experiments'],
  scope: 'experiments:write',
  http: { method: 'PATCH', path: '/v1/experiments/:id', body: 'patch' },
  input: z.object({ id: experimentId, patch: document('Any fields of the definition except key/id.') }),
  output: experimentDefinitionSchema,
  cli: {
    command: 'experiment update',
    description: 'Change an experiment: start it (--status running), stop it (--status stopped), declare the winner (--winner NAME, usually with --status stopped), or apply a JSON patch',
    args: ['id'],
    hidden: ['patch'],
    options: [
      ['--status <status>', 'draft, running or stopped'],
      ['--winner <name>', 'the variant declared the winner'],
      ['--planned-users <n>', 'users per variant the test is planned for'],
      ['--file <file>', 'JSON file with more fields to change (as PATCH /v1/experiments/:id)'],
    ],
    input: (opts, _format, { readJsonFile }) => {
      const patch: Record<string, unknown> = opts.file ? (readJsonFile(String(opts.file), '--file') as Record<string, unknown>) : {};
      if (opts.status !== undefined) patch.status = opts.status;
      if (opts.winner !== undefined) patch.winner = opts.winner;
      if (opts.plannedUsers !== undefined) patch.planned_users = Number(opts.plannedUsers);
      if (Object.keys(patch).length === 0) throw new AppError('invalid_input', '--status: give --status, --winner, --planned-users or --file, got ""', [{ path: '--status', message: 'give --status, --winner, --planned-users or --file' }]);
      return { patch };
    },
    print: (def, format, _input, { printResult }) => printResult(format === 'json' ? def : { experiments: [{ ...listRow(def), winner: def.winner ?? '' }] }, format),
  },
  audit: { state: (ctx, input) => ctx.store.getDocument(ctx.workspaceId, experimentCollection, input.id).then((doc) => doc ?? null) },
  handler: (ctx, input) => updateExperiment(ctx.store, ctx.workspaceId, input.id, input.patch),
});

export const experimentDeleteOperation = defineOperation({
  name: 'experiments.delete',
  summary: 'Delete an experiment definition (exposure events stay)',
  tags: ['experiments'],
  scope: 'experiments:write',
  http: { method: 'DELETE', path: '/v1/experiments/:id' },
  input: z.object({ id: experimentId }),
  output: z.object({ deleted: z.string() }),
  cli: { none: 'experiments are deleted from the dashboard or the API; the CLI never had a delete command' },
  audit: { state: (ctx, input) => ctx.store.getDocument(ctx.workspaceId, experimentCollection, input.id).then((doc) => doc ?? null) },
  handler: (ctx, input) => deleteExperiment(ctx.store, ctx.workspaceId, input.id),
});

export const experimentResultsSchema = z.object({
  experiment: experimentDefinitionSchema,
  metric: z.enum(primaryMetrics),
  ...resultsShape,
});

export const experimentResultsOperation = defineOperation({
  name: 'experiments.results',
  summary: 'Results: per variant lift, intervals, p-values, chance to win, risk; SRM check; secondary and guardrail metrics; days to go; a verdict',
  tags: ['experiments'],
  scope: 'experiments:read',
  http: { method: 'GET', path: '/v1/experiments/:id/results' },
  input: z.object({ id: experimentId }),
  output: experimentResultsSchema,
  webType: 'ExperimentResultsAnswer',
  cli: {
    command: 'experiment results',
    description: 'Results of a stored experiment from its exposures and outcomes',
    args: ['id'],
    print: (results, format, _input, { printResult }) => {
      if (format === 'json') return printResult(results, format);
      printResult({ variants: results.variants }, format);
      if (format === 'table') process.stdout.write(`\n${results.verdict}\n`);
      if (results.srm_warning) process.stderr.write(`WARNING: ${results.srm_warning}\n`);
      if (results.assignment_warning) process.stderr.write(`WARNING: ${results.assignment_warning}\n`);
    },
  },
  // A share link may show it, with the filters stored in the link (share-links.ts).
  share: { vary: [] },
  handler: async (ctx, input) => {
    await ctx.ingest.drain();
    return experimentResultsById(ctx.store, ctx.workspaceId, input.id);
  },
});
