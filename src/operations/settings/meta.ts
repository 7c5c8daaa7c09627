/** The KPI registry and the onboarding checklist: what the dashboard reads before anything else. */
import { z } from 'zod';
import { describeMetrics } from '../../metrics/registry.js';
import { onboardingStatus, onboardingSteps } from '../../reports/workspace/onboarding.js';
import { defineOperation } from '../core/define.js';

export const metricsListOperation = defineOperation({
  name: 'metrics.list',
  summary: 'The KPI registry: every metric with its formula, unit and good direction',
  tags: ['kpis'],
  scope: 'public',
  http: { method: 'GET', path: '/v1/metrics' },
  input: z.object({}),
  output: z.object({
    metrics: z.array(z.object({
      name: z.string(),
      label: z.string(),
      unit: z.enum(['money', 'count', 'ratio', 'seconds', 'number']),
      good: z.enum(['up', 'down']),
      formula: z.string().describe('the formula in words'),
      description: z.string(),
    })),
  }),
  webType: 'MetricsAnswer',
  cli: { command: 'metrics', offline: true, formats: ['table', 'json', 'csv'] },
  handler: () => ({ metrics: describeMetrics() }),
});

export const onboardingOperation = defineOperation({
  name: 'onboarding.status',
  summary: 'First steps of a new install (snippet seen, first event, spend, orders or leads, first conversion), each done once its data arrived',
  tags: ['meta'],
  scope: 'settings:read',
  http: { method: 'GET', path: '/v1/onboarding' },
  input: z.object({}),
  output: z.object({
    steps: z.array(z.object({ id: z.enum(onboardingSteps), done: z.boolean(), at: z.string().nullable().describe('when the step was first seen done') })),
    complete: z.boolean(),
  }),
  webType: 'OnboardingAnswer',
  cli: { command: 'onboarding', formats: ['table', 'json'] },
  handler: async (ctx) => {
    await ctx.ingest.drain();
    return onboardingStatus(ctx.store, ctx.workspaceId);
  },
});
