import type { ChannelCredit } from './paths/types.js';
import { invalidArgument } from '../shared/errors.js';

export interface ComparisonRow {
  channel: string;
  /** Attributed conversions per model. */
  conversions: Record<string, number>;
  /** Attributed value per model. */
  value: Record<string, number>;
  /** (model − baseline) / baseline on conversions, per model other than the baseline; null when the baseline gives 0. */
  change_vs_baseline: Record<string, number | null>;
}

export interface Comparison {
  baseline: string;
  models: string[];
  rows: ComparisonRow[];
  /** The largest differences, worded: `paid_social +38% under markov vs last`. */
  highlights: string[];
  /** The same differences as data (for interfaces that word them in their own language). */
  changes: ModelChange[];
}

/** One highlighted difference: `channel` gets `change` (a fraction) more conversions under `model` than under `baseline`. */
export interface ModelChange {
  channel: string;
  model: string;
  baseline: string;
  change: number;
}

/**
 * Lines up several models' channel credits in one table, with each model's
 * relative difference from the baseline (last click by default), and words
 * the largest differences (|change| ≥ `minChange`, biggest first, at most
 * `maxHighlights`).
 *
 * @example compareModels({ last: [...], markov: [...] }).highlights[0] // 'paid_social +38% under markov vs last'
 */
export function compareModels(
  byModel: Record<string, readonly ChannelCredit[]>,
  options: { baseline?: string; minChange?: number; maxHighlights?: number } = {},
): Comparison {
  const models = Object.keys(byModel);
  const baseline = options.baseline ?? (models.includes('last') ? 'last' : models[0]);
  if (!byModel[baseline]) throw invalidArgument('baseline', `baseline model ${baseline} is not among ${models.join(', ')}`);
  const rows = new Map<string, ComparisonRow>();
  for (const model of models) {
    for (const c of byModel[model]) {
      let row = rows.get(c.channel);
      if (!row) rows.set(c.channel, (row = { channel: c.channel, conversions: {}, value: {}, change_vs_baseline: {} }));
      row.conversions[model] = c.conversions;
      row.value[model] = c.value;
    }
  }
  const changes: { text: string; size: number; item: ModelChange }[] = [];
  for (const row of rows.values()) {
    for (const model of models) {
      row.conversions[model] ??= 0;
      row.value[model] ??= 0;
    }
    const base = row.conversions[baseline];
    for (const model of models) {
      if (model === baseline) continue;
      const change = base > 0 ? (row.conversions[model] - base) / base : null;
      row.change_vs_baseline[model] = change;
      if (change !== null && Math.abs(change) >= (options.minChange ?? 0.1)) {
        const pct = Math.round(change * 100);
        changes.push({ text: `${row.channel} ${pct >= 0 ? '+' : ''}${pct}% under ${model} vs ${baseline}`, size: Math.abs(change), item: { channel: row.channel, model, baseline, change } });
      }
    }
  }
  changes.sort((a, b) => b.size - a.size);
  const top = changes.slice(0, options.maxHighlights ?? 10);
  return { baseline, models, rows: [...rows.values()], highlights: top.map((c) => c.text), changes: top.map((c) => c.item) };
}
