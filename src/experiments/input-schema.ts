/**
 * The experiment-analysis input, validated once with zod for both the CLI
 * (`roilens experiment analyze --input FILE.json`) and the HTTP API. Every
 * problem is reported with its JSON path, e.g. `variants.1.users: must be a
 * positive integer`.
 */
import { z } from 'zod';
import { AppError, type FieldIssue } from '../shared/errors.js';

const finite = (what = 'must be a finite number') => z.number({ error: what }).refine(Number.isFinite, { error: what });
const positiveInteger = z
  .number({ error: 'must be a positive integer' })
  .int({ error: 'must be a positive integer' })
  .min(1, { error: 'must be a positive integer' });

const variantSchema = z.object({
  name: z.string({ error: 'must be a non-empty string' }).trim().min(1, { error: 'must be a non-empty string' }),
  users: positiveInteger,
  /** planned traffic share (relative; normalised over variants) */
  weight: z.number({ error: 'must be a positive number' }).positive({ error: 'must be a positive number' }).optional(),
  conversions: z
    .number({ error: 'must be a non-negative integer' })
    .int({ error: 'must be a non-negative integer' })
    .min(0, { error: 'must be a non-negative integer' })
    .optional(),
  sum: finite().optional(),
  sum_squares: finite().optional(),
  pre_sum: finite().optional(),
  pre_sum_squares: finite().optional(),
  sum_cross: finite().optional(),
  denominator_sum: finite().optional(),
  denominator_sum_squares: finite().optional(),
  sum_product: finite().optional(),
});

const inputSchema = z
  .object({
    metric: z.enum(['binomial', 'mean', 'ratio'], { error: 'must be "binomial", "mean" or "ratio"' }),
    alpha: z.number({ error: 'must be a number between 0 and 0.5' }).gt(0, { error: 'must be a number between 0 and 0.5' }).max(0.5, { error: 'must be a number between 0 and 0.5' }).optional(),
    sequential_tuning_users: positiveInteger.optional(),
    variants: z.array(variantSchema, { error: 'must be an array of variants' }).min(2, { error: 'needs at least two variants (the first is the control)' }),
  })
  .superRefine((input, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    const names = new Set<string>();
    const cupedCount = input.variants.filter((v) => CUPED_FIELDS.some((f) => v[f] !== undefined)).length;
    const weighted = input.variants.filter((v) => v.weight !== undefined).length;
    input.variants.forEach((v, i) => {
      const at = (field: string) => ['variants', i, field];
      if (names.has(v.name)) issue(at('name'), `duplicate variant name "${v.name}"`);
      names.add(v.name);
      if (weighted > 0 && v.weight === undefined) issue(at('weight'), 'give a weight for every variant or for none');
      for (const f of REQUIRED[input.metric]) if (v[f] === undefined) issue(at(f), `is required for metric ${input.metric}`);
      if (input.metric === 'binomial' && v.conversions !== undefined && v.conversions > v.users) {
        issue(at('conversions'), `must not exceed users (${v.users})`);
      }
      if (input.metric !== 'binomial' && v.users < 2) issue(at('users'), `must be at least 2 for metric ${input.metric}`);
      if (v.sum !== undefined && v.sum_squares !== undefined) checkSquares(v.sum, v.sum_squares, v.users, at('sum_squares'), 'sum', issue);
      if (v.denominator_sum !== undefined && v.denominator_sum_squares !== undefined) {
        checkSquares(v.denominator_sum, v.denominator_sum_squares, v.users, at('denominator_sum_squares'), 'denominator_sum', issue);
      }
      if (input.metric === 'ratio' && v.denominator_sum !== undefined && !(v.denominator_sum > 0)) issue(at('denominator_sum'), 'must be positive');
      if (cupedCount > 0) {
        if (input.metric === 'ratio') issue(at('pre_sum'), 'CUPED is supported for metrics binomial and mean');
        for (const f of CUPED_FIELDS) if (v[f] === undefined) issue(at(f), 'CUPED needs pre_sum, pre_sum_squares and sum_cross on every variant');
        if (v.pre_sum !== undefined && v.pre_sum_squares !== undefined) checkSquares(v.pre_sum, v.pre_sum_squares, v.users, at('pre_sum_squares'), 'pre_sum', issue);
      }
    });
  });

const CUPED_FIELDS = ['pre_sum', 'pre_sum_squares', 'sum_cross'] as const;
const REQUIRED = {
  binomial: ['conversions'],
  mean: ['sum', 'sum_squares'],
  ratio: ['sum', 'sum_squares', 'denominator_sum', 'denominator_sum_squares', 'sum_product'],
} as const;

/** Σy² ≥ (Σy)²/n must hold for real data (Cauchy–Schwarz); allow rounding noise. */
function checkSquares(
  sum: number,
  squares: number,
  n: number,
  path: (string | number)[],
  sumName: string,
  issue: (path: (string | number)[], message: string) => void,
) {
  const floor = (sum * sum) / n;
  if (squares < floor - 1e-9 * Math.max(1, Math.abs(floor))) issue(path, `must be at least ${sumName}²/users (${floor}); the sums are inconsistent`);
}

/** Validated experiment input (snake_case as on the wire). */
export type ExperimentInput = z.infer<typeof inputSchema>;
/** One validated variant. */
export type VariantInput = ExperimentInput['variants'][number];

/**
 * Validates raw JSON into an ExperimentInput, or throws an AppError
 * (`invalid_input`) listing every bad field by its path.
 */
export function parseExperimentInput(raw: unknown): ExperimentInput {
  const result = inputSchema.safeParse(raw);
  if (result.success) return result.data;
  const issues: FieldIssue[] = result.error.issues.map((i) => ({ path: i.path.join('.') || '(input)', message: i.message }));
  const first = issues[0];
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  throw new AppError('invalid_input', `${first.path}: ${first.message}${more}`, issues);
}
