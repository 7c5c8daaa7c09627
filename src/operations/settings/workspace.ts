/** `GET/PATCH /v1/workspace` ↔ `roilens workspace show|set`: the workspace and its settings. */
import { z } from 'zod';
import { invalid } from '../../shared/errors.js';
import { updateWorkspaceSettings, workspaceSettings, type WorkspaceChange } from '../../reports/workspace/workspace-settings.js';
import { defineOperation } from '../core/define.js';
import { flagOf } from '../core/schema.js';

export const workspaceSchema = z.object({
  id: z.string(),
  name: z.string(),
  currency: z.string(),
  timezone: z.string(),
  margin: z.string().describe('gross margin as a decimal string ("1" = revenue is profit)'),
  write_key: z.string().describe('the public key the snippet and postbacks send'),
  fallback_url: z.string().nullable().describe('where disabled and deleted tracking links send visitors; null: the installation\'s fallback'),
  max_order_amount: z.string().nullable(),
  revenue_sources: z.enum(['verified', 'all']).nullable(),
  retention_days: z.number().int().nullable(),
  data_from: z.string().nullable().describe('first day with data; null on an empty store'),
  data_to: z.string().nullable(),
  calendar: z.enum(['gregorian', 'jalali']).describe('month buckets and date presets follow it'),
  irr_display: z.enum(['rial', 'toman']).describe('how IRR amounts are shown: rial (ISO unit) or toman (÷10)'),
});

export const workspaceShowOperation = defineOperation({
  name: 'workspace.show',
  summary: 'The workspace, its currency and the range of its data',
  tags: ['meta'],
  scope: 'settings:read',
  http: { method: 'GET', path: '/v1/workspace' },
  input: z.object({}),
  output: workspaceSchema,
  webType: 'Workspace',
  cli: {
    command: 'workspace show',
    description: 'print the workspace and its settings',
    print: (answer, format, _input, { printResult }) => {
      if (format === 'json') printResult(answer, 'json');
      else printResult(Object.entries(answer).map(([setting, value]) => ({ setting, value: value === null ? '—' : String(value) })), format);
    },
  },
  handler: (ctx) => workspaceSettings(ctx.store, ctx.workspaceId),
});

/** Words that clear a setting back to its default in the CLI. */
const cleared = new Set(['none', 'default', 'null']);
const clearable = (v: unknown) => (typeof v === 'string' && cleared.has(v) ? null : v);

export const workspaceSetOperation = defineOperation({
  name: 'workspace.set',
  summary: 'Change the name, base currency, time zone (IANA), margin, calendar (gregorian | jalali), irr_display (rial | toman: how the dashboard shows IRR amounts), fallback URL, max_order_amount (largest amount one order or conversion may carry, in the base currency; null removes it) revenue_sources (verified | all; null: verified once any verified source exists) or retention_days (raw events older than this many days are deleted; null keeps them)',
  tags: ['meta'],
  scope: 'settings:write',
  http: { method: 'PATCH', path: '/v1/workspace' },
  input: z.object({
    name: z.string().min(1).max(200).optional().describe('the workspace name'),
    currency: z.string().optional().describe('ISO 4217 base currency (reports convert through the rates table)'),
    timezone: z.string().max(64).optional().describe('IANA time zone: where report days begin (Asia/Tehran, Asia/Ho_Chi_Minh, UTC …)'),
    margin: z.string().optional().describe('gross margin from 0 to 1 (profit = revenue × margin − spend)'),
    calendar: z.string().max(16).optional().describe('gregorian|jalali: month buckets, presets and week start'),
    irr_display: z.string().max(16).optional().describe('rial|toman: how the dashboard shows IRR amounts'),
    fallback_url: z.string().max(4096).nullable().optional().describe('where disabled and deleted tracking links send visitors'),
    max_order_amount: z.string().max(40).nullable().optional().describe('the largest amount one order or conversion may carry, in the base currency'),
    revenue_sources: z.string().nullable().optional().describe('verified|all: which revenue reports count'),
    retention_days: z.number().int().nullable().optional().describe('delete raw events older than this; "forever" keeps them'),
  }),
  output: z.object({ updated: z.literal(true) }),
  cli: {
    command: 'workspace set',
    description: 'change settings; each is checked before any is saved ("none" clears the fallback URL, maximum order amount and revenue sources)',
    formats: ['table', 'json'],
    flags: {
      name: { value: '<name>' }, currency: { value: '<code>' }, timezone: { value: '<zone>' }, margin: { value: '<decimal>' }, calendar: { value: '<kind>' },
      irr_display: { value: '<unit>' }, fallback_url: { value: '<url>' }, max_order_amount: { value: '<amount>' }, revenue_sources: { value: '<mode>' }, retention_days: { value: '<days>' },
    },
    input: (opts) => {
      const change: Record<string, unknown> = {};
      for (const key of ['name', 'currency', 'timezone', 'margin', 'calendar'] as const) if (opts[key] !== undefined) change[key] = opts[key];
      if (opts.irrDisplay !== undefined) change.irr_display = opts.irrDisplay;
      if (opts.fallbackUrl !== undefined) change.fallback_url = clearable(opts.fallbackUrl);
      if (opts.maxOrderAmount !== undefined) change.max_order_amount = clearable(opts.maxOrderAmount);
      if (opts.revenueSources !== undefined) change.revenue_sources = clearable(opts.revenueSources);
      const days = opts.retentionDays as string | undefined;
      if (days !== undefined) {
        if (days === 'forever' || cleared.has(days)) change.retention_days = null;
        else if (/^\d+$/.test(days)) change.retention_days = Number(days);
        else throw invalid(flagOf('retention_days'), 'must be a whole number of days or "forever"');
      }
      if (Object.keys(change).length === 0) throw invalid('set', 'name at least one setting to change, e.g. --timezone Asia/Tehran');
      return change;
    },
    print: (answer, format, input, { printResult }) => {
      if (format === 'json') printResult(answer, 'json');
      else process.stdout.write(`saved: ${Object.keys(input).join(', ')}\n`);
    },
  },
  audit: {
    target: (_input, _answer, ctx) => ({ kind: 'workspace', id: ctx.workspaceId }),
    state: async (ctx, input) => {
      const settings = await workspaceSettings(ctx.store, ctx.workspaceId) as Record<string, unknown>;
      return Object.fromEntries(Object.keys(input).filter((k) => input[k as keyof typeof input] !== undefined).map((k) => [k, settings[k]]));
    },
  },
  handler: (ctx, input) => updateWorkspaceSettings(ctx.store, ctx.workspaceId, input as WorkspaceChange, ctx.surface === 'cli' ? (key) => flagOf(key) : undefined),
});
