import type { Command } from 'commander';
import { attributePaths, type PathModelOptions } from '../../attribution/models/attribute-paths.js';
import { compareModels } from '../../attribution/compare.js';
import type { MarkovAttribution } from '../../attribution/models/markov.js';
import { parsePathsCsv } from '../../attribution/paths/path-file.js';
import type { ShapleyAttribution } from '../../attribution/models/shapley.js';
import { attributionModels, type AttributionModel, type PathAttribution, type RepeatsMode } from '../../attribution/paths/types.js';
import { AppError, invalid } from '../../shared/errors.js';
import { parseChannelWeights, type AttributionComparison, type AttributionReport } from '../../reports/attribution/attribution.js';
import { attributionCompareOperation, attributionOperation } from '../../operations/analysis/attribution.js';
import { withOperations } from '../call-operation.js';
import { parseFormat, printResult, type OutputFormat } from '../output.js';
import { numberFlag, readTextFile } from '../read-input.js';

interface AttributionFlags {
  paths?: string;
  model?: string;
  order?: string;
  repeats?: string;
  halfLife?: string;
  positionWeights?: string;
  channelWeights?: string;
  direct?: string;
  samples?: string;
  seed?: string;
  format?: string;
  db?: string;
  by?: string;
  from?: string;
  to?: string;
  lookbackClick?: string;
  lookbackView?: string;
  viewWeight?: string;
  halfLifeDays?: string;
}

/** The models `--model all` compares, last click first (the baseline when present, as in a list). */
const comparedModels: AttributionModel[] = ['last', 'first', 'last-non-direct', 'linear', 'time-decay', 'position', 'markov', 'shapley'];

/**
 * `roilens attribution --paths FILE.csv --model M`: one model (or `all`, side by side) on a path file;
 * without `--paths`, on the store's journeys for `--from/--to`, by channel, campaign or ad.
 */
export function register(program: Command): void {
  program
    .command('attribution')
    .description('Attribute conversions and value to channels with a rule-based, Markov or Shapley model')
    .option('--paths <file>', 'path file: CSV with path (channels joined by " > "), conversions, value, nulls')
    .option('--model <model>', `${attributionModels.join('|')}|all, or several side by side: first,last,linear`)
    .option('--order <k>', 'Markov order 1..4', '1')
    .option('--repeats <mode>', 'keep|collapse consecutive repeats (rule-based; Markov always collapses)', 'keep')
    .option('--half-life <steps>', 'time decay: half-life in steps before the conversion', '1')
    .option('--position-weights <f,m,l>', 'position based: first, middle, last shares', '40,20,40')
    .option('--channel-weights <c=w,...>', 'custom model: weight per channel (others weigh 1)')
    .option('--direct <channel>', 'channel that last-non-direct skips', 'direct')
    .option('--samples <n>', 'Shapley permutations when sampling (more than 15 channels)', '2000')
    .option('--seed <n>', 'seed of Shapley sampling', '1')
    .option('--db <file>', 'database file (used without --paths)')
    .option('--by <dimension>', 'store: channel|campaign|ad', 'channel')
    .option('--from <date>', 'store: first day (YYYY-MM-DD); default 29 days before --to')
    .option('--to <date>', 'store: last day (YYYY-MM-DD); default the last day with data')
    .option('--lookback-click <days>', 'store: click (and visit) lookback window in days', '30')
    .option('--lookback-view <days>', 'store: impression (view-through) window in days', '1')
    .option('--view-weight <w>', 'store: weight of an impression relative to a click; 0 leaves impressions out', '1')
    .option('--half-life-days <days>', 'store: time decay half-life in days (default a quarter of the click window)')
    .option('--format <format>', 'json|table|csv', 'table')
    .action(async (flags: AttributionFlags, command: Command) => {
      const format = parseFormat(flags.format);
      if (!flags.paths) {
        await runOnStore(flags, format, command.getOptionValueSource('repeats') === 'cli').catch((err) => {
          throw asFlagError(err);
        });
        return;
      }
      const model = parseModel(flags.model);
      const options = parseOptions(flags);
      const parsed = parsePathsCsv(readTextFile(flags.paths, '--paths'));
      if (parsed.issues.length > 0) {
        const first = parsed.issues[0];
        throw new AppError(
          'invalid_input',
          `--paths: ${parsed.issues.length} bad row${parsed.issues.length > 1 ? 's' : ''} in ${flags.paths}, first at line ${first.line}: ${first.field}: ${first.message}`,
          parsed.issues.map((i) => ({ path: `line ${i.line}: ${i.field}`, message: i.message })),
        );
      }
      if (Array.isArray(model)) {
        // One read of the file for every model asked.
        const byModel = Object.fromEntries(model.map((m) => [m, attributePaths(parsed.rows, m, options).channels]));
        const comparison = compareModels(byModel);
        printResult({ model: flags.model, ...comparison, rows: comparison.rows, highlights: comparison.highlights }, format);
        return;
      }
      printResult(present(attributePaths(parsed.rows, model, options)), format);
    });
}

/**
 * The store-backed branch: one model by channel, campaign or ad (the operation attribution.report), or
 * `--model all` side by side (attribution.compare), run by name in process or through the running server
 * that holds the database; the operation checks every setting, and its errors name this command's flags.
 */
async function runOnStore(flags: AttributionFlags, format: OutputFormat, repeatsGiven: boolean): Promise<void> {
  const model = parseModel(flags.model);
  const settings = {
    from: flags.from,
    to: flags.to,
    lookback_click_days: flags.lookbackClick,
    lookback_view_days: flags.lookbackView,
    view_weight: flags.viewWeight,
    half_life_days: flags.halfLifeDays,
    position_weights: flags.positionWeights,
    order: flags.order,
    ...(repeatsGiven ? { repeats: flags.repeats } : {}),
    direct: flags.direct,
  };
  if (Array.isArray(model)) {
    const comparison = (await withOperations(flags.db, (call) => call(attributionCompareOperation.name, { ...settings, models: model.join(',') }))) as AttributionComparison;
    if (format === 'json') printResult(comparison, format);
    else printResult({ rows: comparisonTable(comparison) }, format);
    return;
  }
  const input = { ...settings, model, by: flags.by, channel_weights: flags.channelWeights };
  const report = (await withOperations(flags.db, (call) => call(attributionOperation.name, input))) as AttributionReport;
  if (format === 'json') printResult(report, format);
  else printResult({ rows: [...report.rows, { [report.by]: 'TOTAL', ...report.totals }] }, format);
}

/** The operations' input keys as this command's flags. */
const flagOf: Record<string, string> = {
  model: '--model', models: '--model', by: '--by', from: '--from', to: '--to', lookback_click_days: '--lookback-click',
  lookback_view_days: '--lookback-view', view_weight: '--view-weight', half_life_days: '--half-life-days',
  position_weights: '--position-weights', order: '--order', repeats: '--repeats', direct: '--direct', channel_weights: '--channel-weights',
};

/** Renames the fields of an input error (`querystring.order`, `--lookback-click-days`, `view_weight`) to the flags that set them. */
function asFlagError(err: unknown): unknown {
  if (!(err instanceof AppError) || err.code !== 'invalid_input' || err.issues.length === 0) return err;
  const rename = (path: string) => {
    const [head, ...rest] = path.replace(/^(querystring\.|--)/, '').split('.');
    const flag = flagOf[head.replace(/-/g, '_')];
    return flag ? [flag, ...rest].join('.') : path;
  };
  const issues = err.issues.map((i) => ({ path: rename(i.path), message: i.message }));
  return new AppError('invalid_input', issues.map((i) => `${i.path}: ${i.message}`).join('; '), issues);
}

/** One flat row per channel for table and csv: spend, truth, then each model's conversions. */
function comparisonTable(c: AttributionComparison): Record<string, unknown>[] {
  return c.rows.map((r) => ({
    channel: r.channel,
    spend: r.spend,
    ...(c.truth_range ? { truth: r.truth?.conversions ?? null } : {}),
    ...Object.fromEntries(c.models.map((m) => [m, r.models[m].conversions])),
  }));
}

/** `--model`: one model, `all` (every compared model) or a comma-separated list of models, compared side by side. */
function parseModel(value: string | undefined): AttributionModel | AttributionModel[] {
  const allowed = [...attributionModels, 'all'];
  if (!value) throw invalid('--model', `required: one of ${allowed.join(', ')}, or several joined by commas`);
  if (value === 'all') return comparedModels;
  const models = value.split(',').map((m) => m.trim());
  const unknown = models.find((m) => !(attributionModels as readonly string[]).includes(m));
  if (unknown !== undefined) throw invalid('--model', `expected one of ${allowed.join(', ')} (or several joined by commas), got "${unknown}"`);
  if (new Set(models).size !== models.length) throw invalid('--model', `a model is named twice in "${value}"`);
  return models.length === 1 ? (models[0] as AttributionModel) : (models as AttributionModel[]);
}

function parseOptions(flags: AttributionFlags): PathModelOptions {
  if (flags.repeats !== 'keep' && flags.repeats !== 'collapse') throw invalid('--repeats', `expected keep or collapse, got "${flags.repeats}"`);
  const weights = (flags.positionWeights ?? '').split(',').map((s) => Number(s.trim()));
  if (weights.length !== 3 || weights.some((w) => !Number.isFinite(w) || w < 0) || weights[0] + weights[2] <= 0) {
    throw invalid('--position-weights', `expected three non-negative numbers like 40,20,40, got "${flags.positionWeights}"`);
  }
  const halfLife = numberFlag(flags.halfLife, '--half-life', { min: 0 })!;
  if (!(halfLife > 0)) throw invalid('--half-life', 'must be greater than 0');
  return {
    order: numberFlag(flags.order, '--order', { min: 1, max: 4, integer: true }),
    repeats: flags.repeats as RepeatsMode,
    halfLifeSteps: halfLife,
    positionWeights: weights as [number, number, number],
    channelWeights: parseChannelWeights(flags.channelWeights, '--channel-weights'),
    directChannel: flags.direct,
    samples: numberFlag(flags.samples, '--samples', { min: 2, integer: true }),
    seed: numberFlag(flags.seed, '--seed', { integer: true }),
  };
}

/** The JSON document: `model`, `channels` [{channel, conversions, value}], `totals`, plus model details. */
function present(result: PathAttribution | MarkovAttribution | ShapleyAttribution) {
  const channels = result.channels.map((c) => ({ channel: c.channel, conversions: c.conversions, value: c.value }));
  const doc: Record<string, unknown> = { model: result.model, channels, totals: result.totals };
  if (result.model === 'markov') {
    const m = result as MarkovAttribution;
    Object.assign(doc, {
      order: m.order,
      states: m.states,
      conversion_probability: m.conversion_probability,
      removal_effects: m.removal_effects,
    });
  }
  if (result.model === 'shapley') {
    const s = result as ShapleyAttribution;
    doc.method = s.method;
    if (s.method === 'sampled') {
      Object.assign(doc, {
        samples: s.samples,
        std_error: s.channels.map((c) => ({ channel: c.channel, ...c.std_error })),
        error_bound: s.error_bound,
      });
    }
  }
  return doc;
}
