import { attributeMarkov, type MarkovAttribution, type MarkovOptions } from './markov.js';
import { attributeRuleBased } from './rule-based.js';
import { attributeShapley, type ShapleyAttribution, type ShapleyOptions } from './shapley.js';
import type { AttributionModel, PathAttribution, PathRow, RuleOptions } from '../paths/types.js';

/** Options of every path-level model together; each model reads its own. */
export type PathModelOptions = RuleOptions & MarkovOptions & ShapleyOptions;

/**
 * Runs one attribution model on aggregated paths.
 *
 * @example attributePaths(parsePathsCsv(text).rows, 'markov', { order: 2 })
 */
export function attributePaths(rows: readonly PathRow[], model: AttributionModel, options: PathModelOptions = {}): PathAttribution | MarkovAttribution | ShapleyAttribution {
  if (model === 'markov') return attributeMarkov(rows, options);
  if (model === 'shapley') return attributeShapley(rows, options);
  return attributeRuleBased(rows, model, options);
}
