/** `GET/PUT /v1/channels/rules` ↔ `roilens channels rules|set`: the channel grouping rules (first match wins). */
import { z } from 'zod';
import { classifyChannel, defaultChannelRules, hostOf, touchFacts, validateChannelRules } from '../../tracking/channel-rules.js';
import type { ChannelRule } from '../../records/channel-rule.js';
import { AppError } from '../../shared/errors.js';
import { defineOperation } from '../core/define.js';

export const channelRuleSchema = z.object({
  channel: z.string(),
  source: z.string().optional(),
  medium: z.string().optional(),
  referrer_host: z.string().optional(),
  click_id_kinds: z.array(z.string()).optional(),
});

export const channelRulesOperation = defineOperation({
  name: 'channels.rules',
  summary: 'Channel grouping rules (first match wins)',
  tags: ['channels'],
  scope: 'settings:read',
  http: { method: 'GET', path: '/v1/channels/rules' },
  input: z.object({}),
  output: z.object({ rules: z.array(channelRuleSchema), default: z.boolean().describe('true while the workspace uses the built-in rules') }),
  webType: 'ChannelRulesAnswer',
  cli: { command: 'channels rules', description: 'print the workspace\'s channel rules (first match wins)' },
  handler: async (ctx) => {
    const rules = await ctx.store.getChannelRules(ctx.workspaceId);
    return { rules: rules ?? defaultChannelRules, default: rules === undefined };
  },
});

export const channelRulesSetOperation = defineOperation({
  name: 'channels.set',
  summary: 'Replace the channel rules and re-derive the channel of stored events',
  tags: ['channels'],
  scope: 'settings:write',
  http: { method: 'PUT', path: '/v1/channels/rules' },
  // Each rule is checked by validateChannelRules (paths `rules.3.source`, RE2 syntax), so here only "an array".
  input: z.object({ rules: z.array(z.unknown()).describe('[{"channel","source"?,"medium"?,"referrer_host"?,"click_id_kinds"?}]') }),
  output: z.object({ rules: z.array(channelRuleSchema), events_reclassified: z.number().int() }),
  cli: {
    command: 'channels set',
    description: 'replace the channel rules with a JSON file ([{"channel","source"?,"medium"?,"referrer_host"?,"click_id_kinds"?}]) and re-classify stored events',
    hidden: ['rules'],
    options: [['--file <file>', 'the rules, as a JSON array or {"rules": [...]}', undefined, true]],
    formats: ['table', 'json'],
    input: (opts, _format, { readJsonFile }) => {
      const raw = readJsonFile(String(opts.file), '--file');
      const rules = Array.isArray(raw) ? raw : (raw as { rules?: unknown })?.rules;
      const issues = validateChannelRules(rules);
      if (issues.length) throw new AppError('invalid_input', `--file: ${issues[0].path}: ${issues[0].message}`, issues);
      return { rules };
    },
    print: (answer, format, _input, { printResult }) => {
      if (format === 'json') printResult(answer, 'json');
      else process.stdout.write(`saved ${answer.rules.length} rules; ${answer.events_reclassified ?? 0} stored events changed channel\n`);
    },
  },
  audit: {
    target: (_input, _answer, ctx) => ({ kind: 'channel_rules', id: ctx.workspaceId }),
    // null: the built-in rules.
    state: async (ctx) => (await ctx.store.getChannelRules(ctx.workspaceId)) ?? null,
    after: (_input, answer) => ({ rules: answer.rules, events_reclassified: answer.events_reclassified }),
  },
  handler: async (ctx, input) => {
    const issues = validateChannelRules(input.rules);
    if (issues.length) throw new AppError('invalid_input', `${issues[0].path}: ${issues[0].message}`, issues);
    await ctx.ingest.drain();
    const typed = input.rules as ChannelRule[];
    const changed = await ctx.store.setChannelRules(ctx.workspaceId, typed, (e) => classifyChannel(touchFacts(e), typed, hostOf(e.url)));
    // The ingestor classifies new events with cached rules: forget them, in whichever process runs this.
    ctx.ingest.forgetRules(ctx.workspaceId);
    return { rules: typed, events_reclassified: changed };
  },
});
