/**
 * Attribution on the store as operations (issue 13 #1): one model's credits, every model side by side,
 * the conversion path reports. `roilens attribution` stays in cli/commands/attribution.ts: one command
 * holds both the `--paths FILE.csv` file mode (design.md's contract) and the store mode, which runs
 * these operations by name (in process, or through the running server that holds the file).
 */
import { z } from 'zod';
import { attributionModels } from '../../attribution/paths/types.js';
import { attributionCompare, attributionDimensions, attributionPaths, attributionReport, parseChannelWeights, type AttributionSettings } from '../../reports/attribution/attribution.js';
import { defineOperation } from '../core/define.js';
import { day } from '../core/shapes.js';

const tags = ['attribution'];
const cliNone = 'roilens attribution (cli/commands/attribution.ts) shares its command with the --paths FILE.csv file mode; its store mode runs this operation by name';

/** Querystring fields every attribution route takes: the range and the lookback windows. */
const windowFields = {
  from: day.optional().describe('first day (default 29 days before `to`)'),
  to: day.optional().describe('last day (default the last day with data)'),
  lookback_click_days: z.coerce.number().int().min(1).max(365).optional().describe('click (and visit) lookback window in days, default 30'),
  lookback_view_days: z.coerce.number().min(0).max(365).optional().describe('impression (view-through) window in days, default 1'),
  view_weight: z.coerce.number().min(0).optional().describe('weight of an impression relative to a click, default 1; 0 leaves impressions out'),
  repeats: z.enum(['keep', 'collapse']).optional().describe('consecutive touches of one channel (Markov always collapses)'),
};

const modelFields = {
  half_life_days: z.coerce.number().gt(0).optional().describe('time decay half-life in days, default a quarter of the click window'),
  position_weights: z.string().optional().describe('position based: first,middle,last shares, default 40,20,40'),
  order: z.coerce.number().int().min(1).max(4).optional().describe('Markov order, default 1'),
  direct: z.string().optional().describe('the channel last-non-direct skips, default direct'),
  channel_weights: z.string().optional().describe('custom model: weight per channel, channel=weight,… (channels not named weigh 1)'),
};

type SettingsInput = {
  from?: string; to?: string; lookback_click_days?: number; lookback_view_days?: number; view_weight?: number; repeats?: string;
  half_life_days?: number; position_weights?: string; order?: number; direct?: string; channel_weights?: string;
};

/** The input's settings in the reports' names. */
function settingsOf(q: SettingsInput): AttributionSettings & { from?: string; to?: string } {
  return {
    from: q.from,
    to: q.to,
    lookbackClickDays: q.lookback_click_days,
    lookbackViewDays: q.lookback_view_days,
    viewWeight: q.view_weight,
    repeats: q.repeats,
    halfLifeDays: q.half_life_days,
    positionWeights: q.position_weights,
    order: q.order,
    directChannel: q.direct,
    channelWeights: parseChannelWeights(q.channel_weights),
  };
}

const nullableNumber = z.number().nullable();

/** The settings a report used, defaults filled in (`describeSettings`). */
const settingsSchema = z.object({
  lookback_click_days: z.number(),
  lookback_view_days: z.number(),
  view_weight: z.number(),
  half_life_days: z.number(),
  position_weights: z.tuple([z.number(), z.number(), z.number()]).describe('first, middle, last shares'),
  order: z.number().describe('Markov order'),
  repeats: z.string().describe('keep or collapse (the default says "keep (markov: collapse)")'),
  direct_channel: z.string(),
}).describe('the settings the report used, defaults filled in');

const modelCell = z.object({ conversions: z.number(), revenue: z.number(), cpa: nullableNumber, roas: nullableNumber });

const highlightItem = z.discriminatedUnion('id', [
  z.object({ id: z.literal('closest_to_truth'), model: z.string(), share_error: z.number() }),
  z.object({ id: z.literal('model_change'), channel: z.string(), model: z.string(), baseline: z.string(), change: z.number() }),
]);

export const attributionReportSchema = z.object({
  model: z.enum(attributionModels),
  by: z.enum(attributionDimensions),
  from: z.string(),
  to: z.string(),
  currency: z.string(),
  settings: settingsSchema,
  rows: z.array(z.looseObject({})).describe('conversions, revenue, spend, CPA, ROAS and ROI per channel, campaign or ad'),
  totals: z.object({ conversions: z.number(), revenue: z.number(), spend: z.number(), cpa: nullableNumber, roas: nullableNumber, roi: nullableNumber }),
  channels: z.array(z.object({ channel: z.string(), conversions: z.number(), value: z.number() })).describe('per channel, in the shape of the path-file mode (value = revenue)'),
  markov: z.looseObject({}).optional().describe('Markov only: removal effects, the chain totals and fit_gap'),
});

export const attributionOperation = defineOperation({
  name: 'attribution.report',
  cached: true,
  summary: 'Conversions and revenue credited by one attribution model, per channel, campaign or ad, with spend, CPA, ROAS and ROI',
  tags,
  scope: 'attribution:read',
  http: { method: 'GET', path: '/v1/attribution' },
  input: z.object({
    model: z.enum(attributionModels),
    by: z.enum(attributionDimensions).optional().describe('default channel'),
    ...windowFields,
    ...modelFields,
  }),
  output: attributionReportSchema,
  cli: { none: cliNone },
  // A share link may show it, with the filters stored in the link (share-links.ts).
  share: { vary: [] },
  handler: async (ctx, input) => {
    await ctx.ingest.drain();
    // The report's interfaces have no index signature; answers are checked against the schema in tests.
    return (await attributionReport(ctx.store, ctx.workspaceId, { ...settingsOf(input), model: input.model, by: input.by })) as unknown as z.input<typeof attributionReportSchema>;
  },
});

export const attributionComparisonSchema = z.object({
  models: z.array(z.enum(attributionModels)),
  from: z.string(),
  to: z.string(),
  currency: z.string(),
  settings: settingsSchema,
  rows: z.array(z.object({
    channel: z.string(),
    spend: z.number(),
    truth: z.object({ conversions: z.number(), revenue: z.number() }).nullable().describe('what the channel truly caused (demo world, when the range covers the simulated window)'),
    models: z.record(z.string(), modelCell).describe('per model name'),
  })).describe('per channel, each model beside the others (and the demo truth)'),
  totals: z.object({ conversions: z.number(), revenue: z.number() }),
  highlights: z.array(z.string()),
  highlight_items: z.array(highlightItem).describe('the highlights as message ids with parameters, in the same order'),
  truth_range: z.object({ from: z.string(), to: z.string() }).nullable(),
  closest_to_truth: z.object({
    metric: z.literal('paid_channel_shares'),
    model: z.string(),
    ranking: z.array(z.object({ model: z.string(), share_error: z.number(), mean_absolute_error: z.number(), revenue_mean_absolute_error: z.number() })),
  }).nullable().describe('models ranked by share_error against the truth; null without truth for the range'),
  notes: z.array(z.string()),
});

export const attributionCompareOperation = defineOperation({
  name: 'attribution.compare',
  cached: true,
  summary: 'Every model side by side per channel, with the largest differences worded and the demo truth when the range covers it',
  tags,
  scope: 'attribution:read',
  http: { method: 'GET', path: '/v1/attribution/compare' },
  input: z.object({
    models: z.string().optional().describe(`comma-separated models (default ${attributionModels.filter((m) => m !== 'custom').join(',')})`),
    ...windowFields,
    ...modelFields,
  }),
  output: attributionComparisonSchema,
  webType: 'AttributionCompareAnswer',
  cli: { none: cliNone },
  handler: async (ctx, input) => {
    await ctx.ingest.drain();
    return attributionCompare(ctx.store, ctx.workspaceId, { ...settingsOf(input), models: input.models });
  },
});

export const attributionPathsSchema = z.object({
  from: z.string(),
  to: z.string(),
  currency: z.string(),
  settings: settingsSchema,
  journeys: z.object({ converting: z.number(), non_converting: z.number() }).describe('converting: one per conversion; non-converting: one per person without a conversion'),
  top_paths: z.array(z.object({ path: z.array(z.string()), journeys: z.number(), conversions: z.number(), value: z.number(), conversion_rate: z.number() })),
  path_lengths: z.array(z.object({ length: z.number(), conversions: z.number(), value: z.number() })),
  days_to_conversion: z.array(z.object({ days: z.number(), conversions: z.number(), value: z.number() })),
  assisted: z.array(z.object({ channel: z.string(), assisted: z.number(), last_touch: z.number(), ratio: nullableNumber })),
  sankey: z.object({
    nodes: z.array(z.object({ name: z.string() })).describe('`<step>:<channel>` for the first five touches, then `conversion` and `no conversion`'),
    links: z.array(z.object({ source: z.string(), target: z.string(), value: z.number().describe('journeys'), conversions: z.number() })),
  }),
}).describe('top conversion paths, path lengths, days to conversion, assisted conversions and the journey flow');

export const attributionPathsOperation = defineOperation({
  name: 'attribution.paths',
  cached: true,
  summary: 'Top conversion paths, path lengths, days to conversion, assisted conversions and the journey flow (Sankey)',
  tags,
  scope: 'attribution:read',
  http: { method: 'GET', path: '/v1/attribution/paths' },
  input: z.object({
    limit: z.coerce.number().int().min(1).max(1000).optional().describe('top paths to list, default 20'),
    ...windowFields,
  }),
  output: attributionPathsSchema,
  webType: 'AttributionPathsAnswer',
  cli: { none: 'the path reports have no command yet (the dashboard reads them); roilens attribution --paths FILE.csv attributes a path file' },
  handler: async (ctx, input) => {
    await ctx.ingest.drain();
    return attributionPaths(ctx.store, ctx.workspaceId, { ...settingsOf(input), limit: input.limit });
  },
});
