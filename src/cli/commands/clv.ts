import type { Command } from 'commander';
import { parse } from 'csv-parse/sync';
import {
  clvFitReport,
  clvPredictReport,
  parseTransactionRows,
  rfmScores,
  type FrequencyModelName,
  type RawTransactionRow,
  type TimeUnit,
  type Transaction,
} from '../../customers/index.js';
import { AppError } from '../../shared/errors.js';
import { parseFormat, printResult } from '../output.js';
import { numberFlag, readTextFile } from '../read-input.js';
import { clvFitFromDb, clvPredictFromDb, rfmFromDb } from './customers.js';

/** Reads a transactions CSV keeping each record's line number, then validates every row. */
function readTransactions(path: string): Transaction[] {
  const text = readTextFile(path, '--transactions');
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(text, { columns: true, skip_empty_lines: true, trim: true, bom: true, info: true });
  } catch (err) {
    throw new AppError('invalid_input', `--transactions: ${path} is not valid CSV: ${(err as Error).message}`, [
      { path: '--transactions', message: (err as Error).message },
    ]);
  }
  if (records.length > 0) {
    const missing = ['customer_id', 'date', 'amount'].filter((c) => !(c in records[0].record));
    if (missing.length) {
      throw new AppError('invalid_input', `--transactions: missing column(s) ${missing.join(', ')} (expected customer_id, date, amount)`, [
        { path: '--transactions', message: `missing ${missing.join(', ')}` },
      ]);
    }
  }
  const rows: RawTransactionRow[] = records.map(({ record, info }) => ({ line: info.lines, fields: record }));
  return parseTransactionRows(rows);
}

function modelFlag(value: string): FrequencyModelName {
  if (value !== 'bgnbd' && value !== 'pareto') throw new AppError('invalid_input', `--model: expected bgnbd or pareto, got "${value}"`, [{ path: '--model', message: 'expected bgnbd or pareto' }]);
  return value;
}

function timeUnitFlag(value: string): TimeUnit {
  if (value !== 'day' && value !== 'week') throw new AppError('invalid_input', `--time-unit: expected day or week, got "${value}"`, [{ path: '--time-unit', message: 'expected day or week' }]);
  return value;
}

function dateFlag(value: string | undefined, flag: string): string | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value))) {
    throw new AppError('invalid_input', `${flag}: expected a date YYYY-MM-DD, got "${value}"`, [{ path: flag, message: 'expected YYYY-MM-DD' }]);
  }
  return value;
}

function formatFlag(value: string | undefined) {
  try {
    return parseFormat(value);
  } catch (err) {
    throw new AppError('invalid_input', (err as Error).message, [{ path: '--format', message: 'expected json, table or csv' }]);
  }
}

interface FitFlags {
  transactions?: string;
  db?: string;
  model: string;
  timeUnit: string;
  calibrationEnd?: string;
  format?: string;
}

const timeUnitHelp = 'model time unit, day or week (default week, the unit of the published CDNOW estimates)';

/** Registers `clv fit`, `clv predict` and `rfm`. */
export function register(program: Command): void {
  const clv = program.command('clv').description('customer lifetime value: BG/NBD or Pareto/NBD with Gamma-Gamma spend');

  clv
    .command('fit')
    .description('fit the purchase-frequency model and the Gamma-Gamma spend model to transactions')
    .option('--transactions <file>', 'CSV with columns customer_id, date (YYYY-MM-DD), amount (default: the sales in --db)')
    .option('--model <name>', 'bgnbd or pareto', 'bgnbd')
    .option('--time-unit <unit>', timeUnitHelp, 'week')
    .option('--calibration-end <date>', 'use only transactions up to this day (default: the last transaction day)')
    .option('--db <file>', 'database file, read when --transactions is absent')
    .option('--format <format>', 'json, table or csv', 'table')
    .action(async (flags: FitFlags) => {
      const format = formatFlag(flags.format);
      const options = {
        model: modelFlag(flags.model),
        timeUnit: timeUnitFlag(flags.timeUnit),
        calibrationEnd: dateFlag(flags.calibrationEnd, '--calibration-end'),
      };
      const report = flags.transactions
        ? clvFitReport(readTransactions(flags.transactions), options)
        : await clvFitFromDb(flags.db, { model: options.model, time_unit: options.timeUnit, calibration_end: options.calibrationEnd });
      if (format === 'json') return printResult(report, format);
      const rows = Object.entries(report.params).map(([parameter, estimate]) => ({ parameter, estimate, stderr: report.stderr[parameter] }));
      if (report.gamma_gamma) for (const [parameter, estimate] of Object.entries(report.gamma_gamma)) rows.push({ parameter: `gamma_gamma.${parameter}`, estimate, stderr: null });
      rows.push({ parameter: 'loglik', estimate: report.loglik, stderr: null });
      printResult({ rows }, format);
    });

  clv
    .command('predict')
    .description('per customer: P(alive), expected purchases and discounted CLV over a horizon')
    .option('--transactions <file>', 'CSV with columns customer_id, date (YYYY-MM-DD), amount (default: the sales in --db)')
    .requiredOption('--horizon <days>', 'prediction horizon in days')
    .option('--model <name>', 'bgnbd or pareto', 'bgnbd')
    .option('--time-unit <unit>', timeUnitHelp, 'week')
    .option('--calibration-end <date>', 'use only transactions up to this day (default: the last transaction day)')
    .option('--discount-rate <rate>', 'discount rate per 30-day month', '0.01')
    .option('--db <file>', 'database file, read when --transactions is absent')
    .option('--format <format>', 'json, table or csv', 'table')
    .action(async (flags: FitFlags & { horizon: string; discountRate: string }) => {
      const format = formatFlag(flags.format);
      const options = {
        model: modelFlag(flags.model),
        timeUnit: timeUnitFlag(flags.timeUnit),
        calibrationEnd: dateFlag(flags.calibrationEnd, '--calibration-end'),
        horizonDays: numberFlag(flags.horizon, '--horizon', { min: 1 })!,
        discountRate: numberFlag(flags.discountRate, '--discount-rate', { min: 0, max: 10 }),
      };
      const report = flags.transactions
        ? clvPredictReport(readTransactions(flags.transactions), options)
        : await clvPredictFromDb(flags.db, {
          model: options.model, time_unit: options.timeUnit, calibration_end: options.calibrationEnd, horizon: options.horizonDays, discount_rate: options.discountRate,
        });
      printResult(report, format);
    });

  program
    .command('rfm')
    .description('RFM scores (1–5 by quintile), named segments and the R×F grid from transactions')
    .option('--transactions <file>', 'CSV with columns customer_id, date (YYYY-MM-DD), amount (default: the sales in --db)')
    .option('--as-of <date>', 'scoring day (default: the last transaction day)')
    .option('--db <file>', 'database file, read when --transactions is absent')
    .option('--format <format>', 'json, table or csv', 'table')
    .action(async (flags: { transactions?: string; asOf?: string; db?: string; format?: string }) => {
      const format = formatFlag(flags.format);
      const asOf = dateFlag(flags.asOf, '--as-of');
      const result = flags.transactions ? rfmScores(readTransactions(flags.transactions), { asOf }) : await rfmFromDb(flags.db, asOf);
      printResult(result, format);
    });
}
