import type { Command } from 'commander';
import { attributePaths, type PathModelOptions } from '../../attribution/attribute-paths.js';
import { compareModels } from '../../attribution/compare.js';
import type { MarkovAttribution } from '../../attribution/markov.js';
import { parsePathsCsv } from '../../attribution/path-file.js';
import type { ShapleyAttribution } from '../../attribution/shapley.js';
import { attributionModels, type AttributionModel, type PathAttribution, type RepeatsMode } from '../../attribution/types.js';
import { AppError, invalid } from '../../shared/errors.js';
import { parseFormat, printResult } from '../output.js';
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
}

/** The models `--model all` compares, last click first (the baseline). */
const comparedModels: AttributionModel[] = ['last', 'first', 'last-non-direct', 'linear', 'time-decay', 'position', 'markov', 'shapley'];

/** `roilens attribution --paths FILE.csv --model M`: one model (or `all`, side by side) on a path file. */
export function register(program: Command): void {
  program
    .command('attribution')
    .description('Attribute conversions and value to channels with a rule-based, Markov or Shapley model')
    .option('--paths <file>', 'path file: CSV with path (channels joined by " > "), conversions, value, nulls')
    .option('--model <model>', `${attributionModels.join('|')}|all`)
    .option('--order <k>', 'Markov order 1..4', '1')
    .option('--repeats <mode>', 'keep|collapse consecutive repeats (rule-based; Markov always collapses)', 'keep')
    .option('--half-life <steps>', 'time decay: half-life in steps before the conversion', '1')
    .option('--position-weights <f,m,l>', 'position based: first, middle, last shares', '40,20,40')
    .option('--channel-weights <c=w,...>', 'custom model: weight per channel (others weigh 1)')
    .option('--direct <channel>', 'channel that last-non-direct skips', 'direct')
    .option('--samples <n>', 'Shapley permutations when sampling (more than 15 channels)', '2000')
    .option('--seed <n>', 'seed of Shapley sampling', '1')
    .option('--db <file>', 'database file (used without --paths)')
    .option('--format <format>', 'json|table|csv', 'table')
    .action(async (flags: AttributionFlags) => {
      const format = parseFormat(flags.format);
      if (!flags.paths) {
        throw new AppError('invalid_input', 'attribution without --paths needs the store; pass --paths FILE', [
          { path: '--paths', message: 'required for now' },
        ]);
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
      if (model === 'all') {
        const byModel = Object.fromEntries(comparedModels.map((m) => [m, attributePaths(parsed.rows, m, options).channels]));
        const comparison = compareModels(byModel);
        printResult({ model: 'all', ...comparison, rows: comparison.rows, highlights: comparison.highlights }, format);
        return;
      }
      printResult(present(attributePaths(parsed.rows, model, options)), format);
    });
}

function parseModel(value: string | undefined): AttributionModel | 'all' {
  const allowed = [...attributionModels, 'all'];
  if (!value) throw invalid('--model', `required: one of ${allowed.join(', ')}`);
  if (!allowed.includes(value)) throw invalid('--model', `expected one of ${allowed.join(', ')}, got "${value}"`);
  return value as AttributionModel | 'all';
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
    channelWeights: parseChannelWeights(flags.channelWeights),
    directChannel: flags.direct,
    samples: numberFlag(flags.samples, '--samples', { min: 2, integer: true }),
    seed: numberFlag(flags.seed, '--seed', { integer: true }),
  };
}

function parseChannelWeights(text: string | undefined): Record<string, number> | undefined {
  if (!text) return undefined;
  const out: Record<string, number> = {};
  for (const part of text.split(',')) {
    const [channel, weight] = part.split('=').map((s) => s?.trim());
    const w = Number(weight);
    if (!channel || weight === undefined || !Number.isFinite(w) || w < 0) {
      throw invalid('--channel-weights', `expected channel=weight pairs with non-negative weights, got "${part}"`);
    }
    out[channel] = w;
  }
  return out;
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
