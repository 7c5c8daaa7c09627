import type { Command } from 'commander';
import { parse } from 'csv-parse/sync';
import {
  clvFitFromColumns,
  dayNumber,
  fittedModels,
  parseTransactionRows,
  predictColumns,
  summarizePurchaseLog,
  type ClvFitDocument,
  type PredictionColumns,
  type SummaryColumns,
  rfmScores,
  type FrequencyModelName,
  type RawTransactionRow,
  type TimeUnit,
  type Transaction,
} from '../../customers/index.js';
import { AppError } from '../../shared/errors.js';
import { parseFormat, printResult, writeTextFile } from '../output.js';
import { numberFlag, readJsonFile, readTextFile } from '../read-input.js';
import { plainCsvText, printRows } from '../row-output.js';
import { readPurchaseLog } from '../transactions-file.js';
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

/** The customers' summary columns of a transactions file, up to the calibration end. */
function readSummaries(path: string, timeUnit: TimeUnit, calibrationEnd: string | undefined): SummaryColumns {
  const log = readPurchaseLog(path);
  if (log.size === 0) throw new AppError('invalid_input', 'no transactions');
  return summarizePurchaseLog(log, { timeUnit, calibrationEnd: calibrationEnd === undefined ? undefined : dayNumber(calibrationEnd) });
}

/**
 * `clv predict`'s CSV lines for `printRows`. Customers with the same history share P(alive) and
 * expected purchases, and those without a repeat purchase their CLV too (the population's mean
 * spend): each such number is turned into text once per history.
 */
function predictionCsvLines(columns: SummaryColumns, predictions: PredictionColumns): (k: number) => string | undefined {
  const histories = columns.histories.length;
  const pAlive = new Array<string | undefined>(histories);
  const expected = new Array<string | undefined>(histories);
  const firstClv = new Array<string | undefined>(histories);
  return (k) => {
    const id = columns.customerId(k);
    if (!plainCsvText(id)) return undefined;
    const h = columns.history[k];
    const clv = columns.frequency[k] === 0 ? (firstClv[h] ??= String(predictions.clv[k])) : String(predictions.clv[k]);
    return `${id},${(pAlive[h] ??= String(predictions.pAlive[k]))},${(expected[h] ??= String(predictions.expectedPurchases[k]))},${clv}\n`;
  };
}

/** Reads a `clv fit --out` file. */
function readFitted(path: string): ClvFitDocument {
  const doc = readJsonFile(path, '--fitted') as Partial<ClvFitDocument> | null;
  const positive = (v: unknown) => typeof v === 'number' && v > 0 && Number.isFinite(v);
  const params = doc?.params as Record<string, unknown> | undefined;
  const names = doc?.model === 'pareto' ? ['r', 'alpha', 's', 'beta'] : ['r', 'alpha', 'a', 'b'];
  const ok = doc && (doc.model === 'bgnbd' || doc.model === 'pareto') && params && names.every((n) => positive(params[n])) &&
    (doc.time_unit === 'day' || doc.time_unit === 'week') && typeof doc.calibration_end === 'string' && dayNumber(doc.calibration_end) !== undefined &&
    (doc.gamma_gamma === null || (typeof doc.gamma_gamma === 'object' && ['p', 'q', 'v'].every((n) => positive((doc.gamma_gamma as unknown as Record<string, unknown>)[n]))));
  if (!ok) throw new AppError('invalid_input', `--fitted: ${path} is not a model written by \`roilens clv fit --out\``, [{ path: '--fitted', message: 'not a clv fit document' }]);
  return doc as ClvFitDocument;
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
    .option('--out <file>', 'also write the fitted model to this file, for `clv predict --fitted`')
    .option('--format <format>', 'json, table or csv', 'table')
    .action(async (flags: FitFlags & { out?: string }) => {
      const format = formatFlag(flags.format);
      const options = {
        model: modelFlag(flags.model),
        timeUnit: timeUnitFlag(flags.timeUnit),
        calibrationEnd: dateFlag(flags.calibrationEnd, '--calibration-end'),
      };
      const report = flags.transactions
        ? clvFitFromColumns(readSummaries(flags.transactions, options.timeUnit, options.calibrationEnd), options)
        : await clvFitFromDb(flags.db, { model: options.model, time_unit: options.timeUnit, calibration_end: options.calibrationEnd });
      if (flags.out) writeTextFile(flags.out, '--out', JSON.stringify(report, null, 2) + '\n');
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
    .option('--fitted <file>', 'use the model `clv fit --out` wrote (its model, time unit and calibration end) instead of fitting again; needs --transactions')
    .option('--format <format>', 'json, table or csv', 'table')
    .action(async (flags: FitFlags & { horizon: string; discountRate: string; fitted?: string }, command: Command) => {
      const format = formatFlag(flags.format);
      const fitted = flags.fitted ? readFitted(flags.fitted) : undefined;
      if (fitted) {
        if (!flags.transactions) throw new AppError('invalid_input', '--fitted needs --transactions (the customers to predict)', [{ path: '--fitted', message: 'needs --transactions' }]);
        for (const [flag, key, value] of [['--model', 'model', fitted.model], ['--time-unit', 'timeUnit', fitted.time_unit], ['--calibration-end', 'calibrationEnd', fitted.calibration_end]] as const) {
          if (command.getOptionValueSource(key) === 'cli' && flags[key] !== value) {
            throw new AppError('invalid_input', `${flag} ${flags[key]} differs from the fitted model's ${value} (${flags.fitted})`, [{ path: flag, message: 'differs from the fitted model' }]);
          }
        }
      }
      const options = {
        model: fitted ? fitted.model : modelFlag(flags.model),
        timeUnit: fitted ? fitted.time_unit : timeUnitFlag(flags.timeUnit),
        calibrationEnd: fitted ? fitted.calibration_end : dateFlag(flags.calibrationEnd, '--calibration-end'),
        horizonDays: numberFlag(flags.horizon, '--horizon', { min: 1 })!,
        discountRate: numberFlag(flags.discountRate, '--discount-rate', { min: 0, max: 10 }),
      };
      if (!flags.transactions) {
        const report = await clvPredictFromDb(flags.db, {
          model: options.model, time_unit: options.timeUnit, calibration_end: options.calibrationEnd, horizon: options.horizonDays, discount_rate: options.discountRate,
        });
        return printResult(report, format);
      }
      const columns = readSummaries(flags.transactions, options.timeUnit, options.calibrationEnd);
      const { fitted: model, spend } = fittedModels(fitted ?? clvFitFromColumns(columns, options, true));
      const predictions = predictColumns(columns, model, spend, options);
      printRows('customers', ['customer_id', 'p_alive', 'expected_purchases', 'clv'], columns.frequency.length, (k) => ({ customer_id: columns.customerId(k), p_alive: predictions.pAlive[k], expected_purchases: predictions.expectedPurchases[k], clv: predictions.clv[k] }), format, predictionCsvLines(columns, predictions));
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
