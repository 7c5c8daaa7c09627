import type { Command } from 'commander';
import { classifyChannel, defaultChannelRules, hostOf, touchFacts, validateChannelRules } from '../../tracking/channel-rules.js';
import { type ChannelRule } from '../../records/channel-rule.js';
import { AppError } from '../../shared/errors.js';
import { parseFormat, printResult } from '../output.js';
import { readJsonFile } from '../read-input.js';
import { callServer, withStore } from '../store-access.js';

interface RulesAnswer {
  rules: ChannelRule[];
  events_reclassified?: number;
}

export function register(program: Command): void {
  const channels = program.command('channels').description('channel grouping rules (source, medium, click id, referrer → channel)');

  channels
    .command('rules')
    .description('print the workspace\'s channel rules (first match wins)')
    .option('--format <format>', 'table|json|csv', 'table')
    .option('--db <file>', 'database file')
    .action(async (opts) => {
      const format = parseFormat(opts.format);
      const answer = await withStore<RulesAnswer>(
        opts.db,
        async (store, ws) => ({ rules: (await store.getChannelRules(ws.id)) ?? defaultChannelRules }),
        (server) => callServer<RulesAnswer>(server, '/v1/channels/rules'),
      );
      printResult(answer, format);
    });

  channels
    .command('set')
    .description('replace the channel rules with a JSON file ([{"channel","source"?,"medium"?,"referrer_host"?,"click_id_kinds"?}]) and re-classify stored events')
    .requiredOption('--file <file>', 'the rules, as a JSON array or {"rules": [...]}')
    .option('--format <format>', 'table|json', 'table')
    .option('--db <file>', 'database file')
    .action(async (opts) => {
      const format = parseFormat(opts.format);
      const raw = readJsonFile(opts.file, '--file');
      const rules = Array.isArray(raw) ? raw : (raw as { rules?: unknown })?.rules;
      const issues = validateChannelRules(rules);
      if (issues.length) throw new AppError('invalid_input', `--file: ${issues[0].path}: ${issues[0].message}`, issues);
      const typed = rules as ChannelRule[];
      const answer = await withStore<RulesAnswer>(
        opts.db,
        async (store, ws) => ({
          rules: typed,
          events_reclassified: await store.setChannelRules(ws.id, typed, (e) => classifyChannel(touchFacts(e), typed, hostOf(e.url))),
        }),
        (server) => callServer<RulesAnswer>(server, '/v1/channels/rules', { method: 'PUT', body: JSON.stringify({ rules: typed }), contentType: 'application/json' }),
      );
      if (format === 'json') printResult(answer, 'json');
      else process.stdout.write(`saved ${typed.length} rules; ${answer.events_reclassified ?? 0} stored events changed channel\n`);
    });
}
