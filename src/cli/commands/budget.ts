import type { Command } from 'commander';
import { budgetFunnelOperation } from '../../operations/analysis/budget.js';
import { z } from 'zod';
import {
  budgetForTarget,
  currentRunRate,
  datasetFromRecords,
  fitMmm,
  funnelAssumptionIssues,
  funnelForward,
  funnelGoalSeek,
  planBudget,
  resolveBounds,
  responseModel,
  simpleRules,
  type BoundSpec,
  type FunnelAssumptions,
  type FunnelGoal,
  type Holiday,
  type LiftMeasurement,
  type MmmFit,
} from '../../budget/index.js';
import { AppError, invalid } from '../../shared/errors.js';
import { parseFormat, printResult } from '../output.js';
import { numberFlag, readCsvRecords, readJsonFile } from '../read-input.js';
import { registerOperationCommand, runOnDatabase } from '../operation-commands.js';
import { given } from '../../operations/core/shapes.js';
import { budgetFitCalibratedOperation, budgetFitOperation, budgetPlanWithBoundsOperation } from '../../operations/analysis/budget-plan.js';
import type { BudgetFitReport, BudgetPlanReport } from '../../reports/budget/budget.js';

interface FitFlags {
  data?: string;
  db?: string;
  from?: string;
  to?: string;
  outcome?: string;
  holidays?: string;
  calibration?: string;
  seed?: string;
  draws?: string;
  format?: string;
}

const holidaySchema = z.array(z.union([z.string(), z.object({ date: z.string(), name: z.string().optional() })]));
const calibrationSchema = z.array(
  z.object({
    channel: z.string(),
    from: z.string().optional(),
    to: z.string().optional(),
    roi: z.number().optional(),
    incremental: z.number().optional(),
    standard_error: z.number().positive(),
  }),
);
const boundsSchema = z.record(
  z.string(),
  z.union([
    z.strictObject({ min: z.number().nonnegative().optional(), max: z.number().nonnegative().optional() }),
    z.strictObject({ min_pct: z.number().min(-100).optional(), max_pct: z.number().min(-100).optional() }),
  ]),
);

/** Parses a JSON file with a zod schema, reporting the first bad field under the flag. */
function parseJsonFlag<T>(path: string, flag: string, schema: z.ZodType<T>): T {
  const parsed = schema.safeParse(readJsonFile(path, flag));
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: `${flag} ${i.path.join('.') || '(root)'}`, message: i.message }));
    throw new AppError('invalid_input', `${issues[0].path}: ${issues[0].message}`, issues);
  }
  return parsed.data;
}

function requireData(data: string | undefined): string {
  if (!data) throw invalid('--data', 'a CSV file is required (fitting from the store is not available yet)');
  return data;
}

function holidaysFromFlags(flags: FitFlags): Holiday[] | undefined {
  return flags.holidays ? parseJsonFlag(flags.holidays, '--holidays', holidaySchema).map((h) => (typeof h === 'string' ? { date: h } : h)) : undefined;
}

function calibrationFromFlags(flags: FitFlags): LiftMeasurement[] | undefined {
  return flags.calibration
    ? parseJsonFlag(flags.calibration, '--calibration', calibrationSchema).map(({ standard_error, ...rest }) => ({ ...rest, standardError: standard_error }))
    : undefined;
}

/**
 * The input of the budget operations for `--db` (without `--data`): range, outcome, and the files of
 * extra holidays and lift measurements as the operations take them (the operation checks the rest).
 */
function rangeFromFlags(flags: FitFlags): Record<string, unknown> {
  if (flags.seed !== '1' || flags.draws !== '50') throw invalid(flags.seed !== '1' ? '--seed' : '--draws', 'only with --data (the store fit uses the defaults)');
  const holidays = holidaysFromFlags(flags);
  const calibration = flags.calibration ? parseJsonFlag(flags.calibration, '--calibration', calibrationSchema) : undefined;
  return given({ from: flags.from, to: flags.to, outcome: flags.outcome, holidays: holidays?.length ? holidays : undefined, calibration: calibration?.length ? calibration : undefined });
}

function fitFromFlags(flags: FitFlags): MmmFit {
  const data = datasetFromRecords(readCsvRecords(requireData(flags.data), '--data'), flags.outcome);
  const holidays = holidaysFromFlags(flags);
  const calibration = calibrationFromFlags(flags);
  return fitMmm(data, {
    holidays,
    calibration,
    seed: numberFlag(flags.seed, '--seed', { integer: true, min: 0 }),
    bootstrapDraws: numberFlag(flags.draws, '--draws', { integer: true, min: 0, max: 1000 }),
  });
}

function addFitOptions(command: Command): Command {
  return command
    .option('--data <file>', 'CSV with date, spend_<channel> columns and the outcome; without it the store of --db is used')
    .option('--outcome <column>', 'with --data: the outcome column (default "outcome"); with --db: new_customers (default), conversions or revenue')
    .option('--from <date>', 'with --db: first day of the history (default: all data)')
    .option('--to <date>', 'with --db: last day of the history (default: all data)')
    .option('--holidays <file>', 'JSON list of holiday dates or {date, name}')
    .option('--calibration <file>', 'JSON list of lift measurements {channel, from, to, roi|incremental, standard_error}')
    .option('--seed <n>', 'seed of the hyper-parameter search and bootstrap', '1')
    .option('--draws <n>', 'bootstrap refits for intervals', '50')
    .option('--db <file>', 'database file (used when --data is not given)')
    .option('--format <format>', 'json, table or csv', 'table');
}

/** Registers `roilens budget fit|optimize|plan-funnel|rules`. */
export function register(program: Command): void {
  const budget = program.command('budget').description('response curves, marketing-mix model and budget plans');

  addFitOptions(budget.command('fit').description('fit the marketing-mix model and show curves, ROI and marginal ROI')).action(async (flags: FitFlags) => {
    const format = parseFormat(flags.format);
    if (!flags.data) {
      const input = rangeFromFlags(flags);
      // budget.fit (GET), or budget.fit-calibrated (POST) when holidays or lift measurements come along.
      const op = input.holidays || input.calibration ? budgetFitCalibratedOperation : budgetFitOperation;
      const report = (await runOnDatabase(flags.db, op, input)) as BudgetFitReport;
      printResult(format === 'table' ? { channels: report.channels.map(({ roi_ci, ...row }) => ({ ...row, roi_low: roi_ci[0], roi_high: roi_ci[1] })) } : report, format);
      if (format === 'table') for (const w of report.warnings) process.stderr.write(`warning: ${w}\n`);
      return;
    }
    const fit = fitFromFlags(flags);
    printResult(
      {
        channels: fit.channelReports,
        fit: fit.fit,
        ci_level: fit.ciLevel,
        frequency: fit.frequency,
        baseline: Object.fromEntries(fit.baseline.columnNames.map((name, j) => [name, fit.baselineCoef[j]])),
        warnings: fit.warnings,
      },
      format,
    );
  });

  addFitOptions(budget.command('optimize').description('allocate a budget over the next weeks to maximise the predicted outcome'))
    .option('--total <n>', 'total budget over the horizon')
    .option('--weeks <n>', 'weeks the total covers', '1')
    .option('--bounds <file>', 'JSON {"<channel>":{"min":n,"max":n}} or {"<channel>":{"min_pct":-20,"max_pct":50}}')
    .option('--no-flighting', 'spend evenly across weeks')
    .option('--target-outcome <n>', 'instead of --total: least budget reaching this outcome')
    .option('--target-cpa <n>', 'instead of --total: largest budget keeping blended CPA at or under this')
    .option('--target-roas <n>', 'instead of --total: largest budget keeping ROAS at or above this')
    .option('--mode <mode>', 'with --db: auto (model unless the history is short or the fit unreliable), model or simple', 'auto')
    .action(async (flags: FitFlags & { total?: string; weeks?: string; bounds?: string; flighting: boolean; targetOutcome?: string; targetCpa?: string; targetRoas?: string; mode: string }) => {
      const format = parseFormat(flags.format);
      const weeks = numberFlag(flags.weeks, '--weeks', { integer: true, min: 1, max: 104 }) ?? 1;
      if (!flags.data) return optimizeFromStore(flags, weeks, format);
      const targets = [
        ['outcome', numberFlag(flags.targetOutcome, '--target-outcome', { min: 0 })],
        ['cpa', numberFlag(flags.targetCpa, '--target-cpa', { min: 0 })],
        ['roas', numberFlag(flags.targetRoas, '--target-roas', { min: 0 })],
      ].filter((t): t is ['outcome' | 'cpa' | 'roas', number] => t[1] !== undefined);
      let total = numberFlag(flags.total, '--total', { min: 0 });
      if ((total === undefined) === (targets.length === 0) || targets.length > 1) {
        throw invalid('--total', 'give either --total or exactly one of --target-outcome, --target-cpa, --target-roas');
      }
      const bounds: Record<string, BoundSpec> | undefined = flags.bounds ? parseJsonFlag(flags.bounds, '--bounds', boundsSchema) : undefined;
      const fit = fitFromFlags(flags);
      const outcomeKind = flags.outcome === 'revenue' ? 'revenue' : 'conversions';
      let target: { kind: string; value: number; reachable: boolean } | undefined;
      if (total === undefined) {
        const [kind, value] = targets[0];
        // Targets search between the bounds; without bounds, up to 5× the current run-rate per channel.
        const current = currentRunRate(fit, weeks);
        const ceiling = 5 * Math.max(1, current.reduce((a, b) => a + b, 0));
        const resolved = resolveBounds(fit.channels, current, ceiling, bounds);
        const found = budgetForTarget({ model: responseModel(fit, weeks), weeks, bounds: resolved, flighting: flags.flighting }, { kind, value });
        total = Math.round(found.total * 100) / 100;
        target = { kind, value, reachable: found.reachable };
      }
      const plan = planBudget(fit, { total, weeks, bounds, flighting: flags.flighting, outcomeKind });
      const result = { total, weeks, ...(target ? { target } : {}), ...plan };
      printResult(format === 'json' ? result : { ...result, allocation: plan.allocation.map(({ weekly: _weekly, ...row }) => row) }, format);
    });

  budget
    .command('plan-funnel')
    .description('budget → impressions → clicks → visits → leads → customers → revenue, forward or goal-seek')
    .option('--budget <n>', 'run this budget down the funnel')
    .option('--target-sales <n>', 'budget that reaches this many customers')
    .option('--target-revenue <n>', 'budget that reaches this revenue')
    .option('--target-leads <n>', 'budget that reaches this many leads')
    .option('--assumptions <file>', 'JSON {cpm, ctr, visit_rate, cvr, close_rate | sales_rate, aov}; flags override it')
    .option('--cpm <n>', 'cost per 1000 impressions')
    .option('--ctr <n>', 'clicks per impression (0.02 = 2%)')
    .option('--visit-rate <n>', 'visits per click (default 1)')
    .option('--cvr <n>', 'leads per visit')
    .option('--close-rate <n>', 'customers per lead')
    .option('--sales-rate <n>', 'customers per visit: plans sales from visits (leads counted beside) instead of through leads')
    .option('--aov <n>', 'revenue per customer')
    .option('--db <file>', 'database file (unused)')
    .option('--format <format>', 'json, table or csv', 'table')
    .action(async (flags: Record<string, string | undefined>) => {
      const format = parseFormat(flags.format);
      const fromFile = flags.assumptions ? (readJsonFile(flags.assumptions, '--assumptions') as Record<string, unknown>) : {};
      const pick = (key: keyof FunnelAssumptions, flag: string, value: string | undefined): number | undefined =>
        numberFlag(value, flag) ?? (typeof fromFile[key] === 'number' ? (fromFile[key] as number) : undefined);
      const assumptions = {
        cpm: pick('cpm', '--cpm', flags.cpm),
        ctr: pick('ctr', '--ctr', flags.ctr),
        visit_rate: pick('visit_rate', '--visit-rate', flags.visitRate),
        cvr: pick('cvr', '--cvr', flags.cvr),
        close_rate: pick('close_rate', '--close-rate', flags.closeRate),
        sales_rate: pick('sales_rate', '--sales-rate', flags.salesRate),
        aov: pick('aov', '--aov', flags.aov),
      } as FunnelAssumptions;
      if (assumptions.sales_rate !== undefined) {
        assumptions.path = 'visits';
        assumptions.cvr ??= 0;
      }
      const issues = funnelAssumptionIssues(assumptions).map((i) => ({ path: `--${i.path.replace('_', '-')}`, message: i.message }));
      if (issues.length > 0) throw new AppError('invalid_input', `${issues[0].path}: ${issues[0].message}`, issues);
      const goals: FunnelGoal[] = [];
      const sales = numberFlag(flags.targetSales, '--target-sales', { min: 0 });
      const revenue = numberFlag(flags.targetRevenue, '--target-revenue', { min: 0 });
      const leads = numberFlag(flags.targetLeads, '--target-leads', { min: 0 });
      const budgetValue = numberFlag(flags.budget, '--budget', { min: 0 });
      if (sales !== undefined) goals.push({ customers: sales });
      if (revenue !== undefined) goals.push({ revenue });
      if (leads !== undefined) goals.push({ leads });
      // As the operation budget.funnel: at most one of them. With none the server runs the current spend forward;
      // this command has no database, so it needs the budget (`roilens budget funnel` prefills it from the data).
      if (goals.length + (budgetValue === undefined ? 0 : 1) > 1) throw invalid('--target-sales', 'give at most one of --budget, --target-sales, --target-revenue, --target-leads');
      if (goals.length === 0 && budgetValue === undefined) throw invalid('--budget', 'give a budget to run down the funnel or one of --target-sales, --target-revenue, --target-leads (`roilens budget funnel` runs the current spend from the database)');
      const result = budgetValue !== undefined ? funnelForward(budgetValue, assumptions) : funnelGoalSeek(goals[0], assumptions);
      const stages = (['budget', 'impressions', 'clicks', 'visits', 'leads', 'customers', 'revenue'] as const).map((stage) => ({ stage, value: result[stage] }));
      printResult({ mode: budgetValue !== undefined ? 'forward' : 'goal_seek', stages, ...result, assumptions: { ...assumptions, visit_rate: assumptions.visit_rate ?? 1 } }, format);
    });

  // `budget funnel`: the operation budget.funnel (prefilled from the database, flags override).
  registerOperationCommand(program, budgetFunnelOperation);

  budget
    .command('rules')
    .description('simple mode for short histories: marginal-CPA rules per channel')
    .requiredOption('--data <file>', 'CSV with date, spend_<channel> and conversions_<channel> columns, one row per period')
    .requiredOption('--target-cpa <n>', 'target cost per conversion')
    .option('--periods <n>', 'recent periods to use', '8')
    .option('--step <n>', 'scale-up / cut step as a share (0.2 = 20%)', '0.2')
    .option('--db <file>', 'database file (unused)')
    .option('--format <format>', 'json, table or csv', 'table')
    .action(async (flags: { data: string; targetCpa: string; periods: string; step: string; format?: string }) => {
      const format = parseFormat(flags.format);
      const targetCpa = numberFlag(flags.targetCpa, '--target-cpa', { min: 0 })!;
      const periods = numberFlag(flags.periods, '--periods', { integer: true, min: 1 })!;
      const step = numberFlag(flags.step, '--step', { min: 0, max: 1 })!;
      const records = readCsvRecords(flags.data, '--data');
      const columns = Object.keys(records[0] ?? {});
      const channels = columns.filter((c) => c.startsWith('spend_')).map((c) => c.slice('spend_'.length));
      if (channels.length === 0) throw invalid('--data', 'no spend_<channel> columns');
      for (const ch of channels) if (!columns.includes(`conversions_${ch}`)) throw invalid(`--data: conversions_${ch}`, 'missing column');
      const recent = records.slice(-periods);
      const offset = records.length - recent.length;
      const value = (row: Record<string, string>, column: string, i: number) => {
        const v = Number(row[column]);
        if (row[column] === '' || !Number.isFinite(v) || v < 0) throw invalid(`line ${offset + i + 2}: ${column}`, `expected a non-negative number, got "${row[column]}"`);
        return v;
      };
      const decisions = simpleRules(
        channels.map((ch) => ({
          channel: ch,
          spend: recent.map((r, i) => value(r, `spend_${ch}`, i)),
          conversions: recent.map((r, i) => value(r, `conversions_${ch}`, i)),
        })),
        { targetCpa, step },
      );
      printResult({ target_cpa: targetCpa, periods: recent.length, channels: decisions }, format);
    });
}

/** `budget optimize --db`: the store-backed plan (default total: the current weekly spend × weeks). */
async function optimizeFromStore(
  flags: FitFlags & { total?: string; bounds?: string; flighting: boolean; targetOutcome?: string; targetCpa?: string; targetRoas?: string; mode: string },
  weeks: number,
  format: ReturnType<typeof parseFormat>,
): Promise<void> {
  const target = flags.targetOutcome !== undefined ? '--target-outcome' : flags.targetCpa !== undefined ? '--target-cpa' : flags.targetRoas !== undefined ? '--target-roas' : undefined;
  if (target) throw invalid(target, 'targets need --data for now; with --db give --total (or nothing for the current spend)');
  const input = given({
    ...rangeFromFlags(flags),
    total: numberFlag(flags.total, '--total', { min: 0 }),
    weeks,
    mode: flags.mode,
    flighting: flags.flighting,
    bounds: flags.bounds ? parseJsonFlag(flags.bounds, '--bounds', boundsSchema) : undefined,
  });
  const report = (await runOnDatabase(flags.db, budgetPlanWithBoundsOperation, input)) as BudgetPlanReport;
  if (format === 'json') return printResult(report, format);
  printResult({ allocation: report.allocation.map(({ weekly: _weekly, ...row }) => row) }, format);
  if (format === 'table') {
    const fmt = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(0) : x.toFixed(1));
    process.stdout.write(`\n${report.mode === 'simple' ? `simple mode: ${report.reason}\n` : ''}expected ${report.outcome}: ${fmt(report.expected_outcome)}${report.interval ? ` (${fmt(report.interval[0])}–${fmt(report.interval[1])})` : ''}; current split: ${fmt(report.current_outcome)}\n`);
    for (const move of report.moves) process.stdout.write(`- ${move}\n`);
    for (const w of report.warnings) process.stderr.write(`warning: ${w}\n`);
  }
}
