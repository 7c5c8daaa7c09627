import type { Command } from 'commander';
import { analyzeExperimentJson } from '../../experiments/index.js';
import { AppError } from '../../shared/errors.js';
import { parseFormat, printResult } from '../output.js';
import { readJsonFile } from '../read-input.js';
import {
  createExperiment,
  experimentResultsById,
  listExperiments,
  updateExperiment,
  type ExperimentDefinition,
  type ExperimentResults,
  type ExperimentSummary,
} from '../../reports/experiments.js';
import { callServer, withStore } from '../store-access.js';
import { registerOperationCommand } from '../operation-commands.js';
import { experimentPlanOperation } from '../../operations/experiments.js';

interface AnalyzeOptions {
  input?: string;
  format?: string;
  db?: string;
}

/** `roilens experiment analyze|plan|create|list|update|results`. */
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

  // `experiment plan`: the operation of GET /v1/experiments/plan (same handler, same limits; errors name the flag).
  registerOperationCommand(program, experimentPlanOperation);

  registerStoreCommands(experiment);
}

interface StoreOptions {
  file?: string;
  format?: string;
  db?: string;
}

/**
 * `experiment create|list|update|results`: definitions and results in the database of
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
    .command('update')
    .description('Change an experiment: start it (--status running), stop it (--status stopped), declare the winner (--winner NAME, usually with --status stopped), or apply a JSON patch')
    .argument('<id>', 'the experiment key')
    .option('--status <status>', 'draft, running or stopped')
    .option('--winner <name>', 'the variant declared the winner')
    .option('--planned-users <n>', 'users per variant the test is planned for')
    .option('--file <file>', 'JSON file with more fields to change (as PATCH /v1/experiments/:id)')
    .option('--format <format>', 'json, table or csv', 'table')
    .option('--db <file>', 'database file')
    .action(async (id: string, opts: StoreOptions & { status?: string; winner?: string; plannedUsers?: string }) => {
      const format = flagFormat(opts.format);
      const patch: Record<string, unknown> = opts.file ? (readJsonFile(String(opts.file), '--file') as Record<string, unknown>) : {};
      if (opts.status !== undefined) patch.status = opts.status;
      if (opts.winner !== undefined) patch.winner = opts.winner;
      if (opts.plannedUsers !== undefined) patch.planned_users = Number(opts.plannedUsers);
      if (Object.keys(patch).length === 0) throw flagError('--status', 'give --status, --winner, --planned-users or --file', '');
      const def = await withStore(
        opts.db,
        (store, ws) => updateExperiment(store, ws.id, id, patch),
        (server) => callServer<ExperimentDefinition>(server, `/v1/experiments/${encodeURIComponent(id)}`, { method: 'PATCH', body: JSON.stringify(patch), contentType: 'application/json' }),
      );
      printResult(format === 'json' ? def : { experiments: [{ ...listRow(def), winner: def.winner ?? '' }] }, format);
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
      if (results.assignment_warning) process.stderr.write(`WARNING: ${results.assignment_warning}\n`);
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
