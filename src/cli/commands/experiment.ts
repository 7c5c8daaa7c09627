import type { Command } from 'commander';
import { analyzeExperimentJson } from '../../experiments/index.js';
import { AppError } from '../../shared/errors.js';
import { parseFormat, printResult } from '../output.js';
import { readJsonFile } from '../read-input.js';
import { registerOperationCommand } from '../operation-commands.js';
import {
  experimentCreateOperation,
  experimentListOperation,
  experimentPlanOperation,
  experimentResultsOperation,
  experimentUpdateOperation,
} from '../../operations/analysis/experiments.js';

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

  // `experiment plan|list|create|update|results`: the experiments.* operations (same handlers; definitions and
  // results in the database of `--db`, or through the running server's API when it holds the file).
  for (const op of [experimentPlanOperation, experimentCreateOperation, experimentListOperation, experimentUpdateOperation, experimentResultsOperation]) {
    registerOperationCommand(program, op);
  }
}

function flagFormat(value: string | undefined) {
  try {
    return parseFormat(value, 'table');
  } catch {
    throw new AppError('invalid_input', `--format: must be json, table or csv, got "${value ?? ''}"`, [{ path: '--format', message: 'must be json, table or csv' }]);
  }
}

