import type { Command } from 'commander';
import { analyzeExperimentJson, planSampleSize } from '../../experiments/index.js';
import { AppError } from '../../shared/errors.js';
import { parseFormat, printResult } from '../output.js';
import { numberFlag, readJsonFile } from '../read-input.js';
import {
  createExperiment,
  experimentResultsById,
  listExperiments,
  type ExperimentDefinition,
  type ExperimentResults,
  type ExperimentSummary,
} from '../../reports/experiments.js';
import { callServer, withStore } from '../store-access.js';

interface AnalyzeOptions {
  input?: string;
  format?: string;
  db?: string;
}

interface PlanOptions {
  baseline?: string;
  mde?: string;
  power?: string;
  alpha?: string;
  dailyUsers?: string;
  variants?: string;
  metric?: string;
  sd?: string;
  currentUsers?: string;
  format?: string;
  db?: string;
}

/** `roilens experiment analyze|plan|create|list|results`. */
export function register(program: Command): void {
  const experiment = program.command('experiment').description('A/B/n test statistics and planning');

  experiment
    .command('analyze')
    .description('Analyse an A/B/n test from per-variant sums (first variant = control)')
    .requiredOption('--input <file>', 'JSON file: {"metric":"binomial"|"mean"|"ratio","variants":[…]}')
    .option('--format <format>', 'json, table or csv', 'table')
    .option('--db <file>', 'database file (unused: the input is a file)')
    .action(async (opts: AnalyzeOptions) => {
      const format = flagFormat(opts.format);
      const result = analyzeExperimentJson(readJsonFile(String(opts.input), '--input'));
      printResult(result, format);
      if (format !== 'json' && result.srm_warning) process.stderr.write(`WARNING: ${result.srm_warning}\n`);
    });

  experiment
    .command('plan')
    .description('Users per variant (and days) to detect a relative lift at a given power')
    .requiredOption('--baseline <p>', 'baseline conversion rate (or baseline mean with --metric mean)')
    .requiredOption('--mde <m>', 'relative minimum detectable effect, e.g. 0.1 for +10%')
    .requiredOption('--power <w>', 'power, e.g. 0.8')
    .option('--alpha <a>', 'two-sided significance level', '0.05')
    .option('--daily-users <n>', 'users entering the test per day (all variants)')
    .option('--variants <k>', 'number of variants including the control', '2')
    .option('--metric <kind>', 'binomial or mean', 'binomial')
    .option('--sd <s>', 'per-user standard deviation (metric mean)')
    .option('--current-users <list>', 'users already in each variant, comma-separated ("how many more days")')
    .option('--format <format>', 'json, table or csv', 'table')
    .option('--db <file>', 'database file (unused)')
    .action(async (opts: PlanOptions) => {
      const format = flagFormat(opts.format);
      const metric = opts.metric ?? 'binomial';
      if (metric !== 'binomial' && metric !== 'mean') throw flagError('--metric', 'must be binomial or mean', metric);
      const binomial = metric === 'binomial';
      const baseline = numberFlag(opts.baseline, '--baseline', binomial ? { min: 0, max: 1 } : {}) as number;
      if (binomial && !(baseline > 0 && baseline < 1)) throw flagError('--baseline', 'must be strictly between 0 and 1', opts.baseline);
      const mde = numberFlag(opts.mde, '--mde', { min: -1 }) as number;
      if (mde === 0) throw flagError('--mde', 'must not be 0', opts.mde);
      if (binomial && !(baseline * (1 + mde) < 1)) throw flagError('--mde', 'baseline·(1 + mde) must stay below 1', opts.mde);
      const power = numberFlag(opts.power, '--power', { min: 0, max: 1 }) as number;
      const alpha = numberFlag(opts.alpha, '--alpha', { min: 0, max: 0.5 }) as number;
      if (!(power > 0 && power < 1)) throw flagError('--power', 'must be strictly between 0 and 1', opts.power);
      if (!(alpha > 0)) throw flagError('--alpha', 'must be positive', opts.alpha);
      const variants = numberFlag(opts.variants, '--variants', { min: 2, integer: true }) as number;
      const dailyUsers = numberFlag(opts.dailyUsers, '--daily-users', { min: 1 });
      const sd = numberFlag(opts.sd, '--sd', { min: 0 });
      if (!binomial && !(sd !== undefined && sd > 0)) throw flagError('--sd', 'a positive --sd is required with --metric mean', opts.sd ?? '');
      const currentUsers = opts.currentUsers?.split(',').map((s, i) => numberFlag(s.trim(), `--current-users (item ${i + 1})`, { min: 0 }) as number);
      if (currentUsers && currentUsers.length !== variants) {
        throw flagError('--current-users', `needs one count per variant (${variants})`, opts.currentUsers ?? '');
      }
      if (currentUsers && dailyUsers === undefined) throw flagError('--daily-users', 'is required with --current-users', '');
      const plan = planSampleSize({ metric, baseline, mde, power, alpha, sd, dailyUsers, variants, currentUsers });
      printResult(
        { ...plan, metric, baseline, mde, power, alpha, variants, daily_users: dailyUsers ?? null },
        format,
      );
    });

  registerStoreCommands(experiment);
}

interface StoreOptions {
  file?: string;
  format?: string;
  db?: string;
}

/**
 * `experiment create|list|results`: definitions and results in the database of
 * `--db`, or through the running server's API when it holds the file.
 */
function registerStoreCommands(experiment: Command): void {
  experiment
    .command('create')
    .description('Create an experiment from a JSON definition ({key, name, variants:[{name, weight}], metric, …})')
    .requiredOption('--file <file>', 'JSON file with the definition')
    .option('--format <format>', 'json, table or csv', 'table')
    .option('--db <file>', 'database file')
    .action(async (opts: StoreOptions) => {
      const format = flagFormat(opts.format);
      const raw = readJsonFile(String(opts.file), '--file');
      const def = await withStore(
        opts.db,
        (store, ws) => createExperiment(store, ws.id, raw),
        (server) => callServer<ExperimentDefinition>(server, '/v1/experiments', { method: 'POST', body: JSON.stringify(raw), contentType: 'application/json' }),
      );
      printResult(format === 'json' ? def : { experiments: [listRow(def)] }, format);
    });

  experiment
    .command('list')
    .description('List the experiments with their status, variants and primary metric')
    .option('--format <format>', 'json, table or csv', 'table')
    .option('--db <file>', 'database file')
    .action(async (opts: StoreOptions) => {
      const format = flagFormat(opts.format);
      const list = await withStore(
        opts.db,
        (store, ws) => listExperiments(store, ws.id),
        (server) => callServer<{ experiments: ExperimentSummary[] }>(server, '/v1/experiments'),
      );
      if (format === 'json') printResult(list, format);
      else if (list.experiments.length === 0) process.stderr.write('no experiments yet: create one with roilens experiment create --file DEF.json\n');
      else printResult({ experiments: list.experiments.map(listRow) }, format);
    });

  experiment
    .command('results')
    .description('Results of a stored experiment from its exposures and outcomes')
    .argument('<id>', 'the experiment key')
    .option('--format <format>', 'json, table or csv', 'table')
    .option('--db <file>', 'database file')
    .action(async (id: string, opts: StoreOptions) => {
      const format = flagFormat(opts.format);
      const results = await withStore(
        opts.db,
        (store, ws) => experimentResultsById(store, ws.id, id),
        (server) => callServer<ExperimentResults>(server, `/v1/experiments/${encodeURIComponent(id)}/results`),
      );
      if (format === 'json') return printResult(results, format);
      printResult({ variants: results.variants }, format);
      if (format === 'table') process.stdout.write(`\n${results.verdict}\n`);
      if (results.srm_warning) process.stderr.write(`WARNING: ${results.srm_warning}\n`);
    });
}

/** A definition as one flat table row. */
function listRow(def: ExperimentSummary | ExperimentDefinition) {
  return {
    key: def.key, name: def.name, status: def.status,
    variants: def.variants.map((v) => `${v.name}:${v.weight}`).join(' '),
    primary_metric: 'primary_metric' in def ? def.primary_metric : def.metric,
    start: def.start ?? '', stop: def.stop ?? '',
  };
}

function flagFormat(value: string | undefined) {
  try {
    return parseFormat(value, 'table');
  } catch (err) {
    throw flagError('--format', 'must be json, table or csv', value ?? '');
  }
}

function flagError(flag: string, why: string, value: string | undefined): AppError {
  return new AppError('invalid_input', `${flag}: ${why}, got "${value ?? ''}"`, [{ path: flag, message: why }]);
}
