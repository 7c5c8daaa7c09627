/** `GET /v1/experiments/plan` ↔ `roilens experiment plan`: one handler, one set of limits. */
import { z } from 'zod';
import { planExperiment } from '../reports/experiments.js';
import { defineOperation } from './core/define.js';

/** A number as the query string or a flag carries it; the planner parses it and names the field. */
const numberText = (description: string) => z.string().max(64).optional().describe(description);

export const experimentPlanOperation = defineOperation({
  name: 'experiments.plan',
  summary: 'Users per variant (and days) to detect a relative lift at a given power',
  tags: ['experiments'],
  scope: 'admin',
  http: { method: 'GET', path: '/v1/experiments/plan' },
  input: z.object({
    baseline: numberText('baseline conversion rate (or mean with metric=mean)'),
    mde: numberText('relative minimum detectable effect, e.g. 0.1'),
    power: numberText('default 0.8'),
    alpha: numberText('two-sided, default 0.05'),
    daily_users: numberText('users entering the test per day (all variants)'),
    variants: numberText('number of variants including the control, default 2'),
    metric: z.enum(['binomial', 'mean']).optional(),
    sd: numberText('per-user standard deviation (metric mean)'),
    current_users: z.string().max(4096).optional().describe('users already in each variant, comma-separated'),
  }),
  output: z.object({
    users_per_variant: z.number(),
    total_users: z.number(),
    exact_n: z.number().describe('n before rounding'),
    alpha_per_comparison: z.number().describe('alpha of each treatment-vs-control comparison'),
    days: z.number().nullable(),
    days_remaining: z.number().nullable(),
    metric: z.enum(['binomial', 'mean']),
    baseline: z.number(),
    mde: z.number(),
    power: z.number(),
    alpha: z.number(),
    variants: z.number().int(),
    daily_users: z.number().nullable(),
  }),
  cli: {
    command: 'experiment plan',
    offline: true,
    flags: {
      baseline: { value: '<p>', description: 'baseline conversion rate (or baseline mean with --metric mean)', required: true },
      mde: { value: '<m>', description: 'relative minimum detectable effect, e.g. 0.1 for +10%', required: true },
      power: { value: '<w>', description: 'power, e.g. 0.8', required: true },
      alpha: { value: '<a>', description: 'two-sided significance level', default: '0.05' },
      daily_users: { value: '<n>' },
      variants: { value: '<k>', description: 'number of variants including the control', default: '2' },
      metric: { value: '<kind>', description: 'binomial or mean', default: 'binomial' },
      sd: { value: '<s>' },
      current_users: { value: '<list>', description: 'users already in each variant, comma-separated ("how many more days")' },
    },
  },
  handler: (_ctx, input) => planExperiment(input),
});
