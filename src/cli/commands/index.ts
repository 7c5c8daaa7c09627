/**
 * The CLI's commands, loaded on demand (issue 14: CLI start-up). Each entry names the top-level
 * words it registers and loads its module only when the command line starts with one of them (or
 * `help` then one of them), so `roilens kpi …` loads the KPI operation, not the server, the partner
 * programme or the scale store, and no command loads DuckDB before it opens its store. A command
 * line naming no entry (`--help`, `help`, a typo) loads none: placeholders made from
 * `help-summary.generated.ts` (`npm run gen:cli-help`) stand for every command, with the name,
 * term and description the real one shows in help. `index.test.ts` holds each entry's words equal
 * to what its module registers, the summary current, and the placeholders' help and errors equal
 * to those of the real commands.
 */
import { Help, type Command } from 'commander';
import { helpSummary, type CommandSummary } from './help-summary.generated.js';

export type { CommandSummary };

export interface CommandModule {
  register(program: Command): void;
}

export interface CommandEntry {
  /** The top-level words the module registers (`partners` is shared: the ledger's money commands sit under it). */
  words: readonly string[];
  load(): Promise<CommandModule>;
}

type OperationCommands = typeof import('../operation-commands.js').operationCommands;
/** A module of operations' commands; the commander side of operations (zod, the callers) loads with it, not for help. */
const ops = (load: () => Promise<Parameters<OperationCommands>[0]>, group?: Parameters<OperationCommands>[1]) => async () => (await import('../operation-commands.js')).operationCommands(await load(), group);

/** Every CLI command module, in help order (some made from operations, src/operations). */
export const commandEntries: CommandEntry[] = [
  { words: ['start'], load: () => import('./start.js') },
  { words: ['signin-link'], load: () => import('./signin-link.js') },
  { words: ['workspace'], load: ops(async () => { const m = await import('../../operations/settings/workspace.js'); return [m.workspaceShowOperation, m.workspaceSetOperation]; }, { name: 'workspace', description: "the workspace's settings (currency, time zone, margin, calendar, revenue sources, retention …)" }) },
  { words: ['workspaces'], load: ops(async () => { const m = await import('../../operations/admin/workspaces.js'); return [m.workspaceCreateOperation, m.workspaceListOperation, m.workspaceRenameOperation, m.workspaceArchiveOperation]; }, { name: 'workspaces', description: 'the workspaces of the installation (create, list, rename, archive); other commands act in one with --workspace ID' }) },
  { words: ['keys'], load: ops(async () => { const m = await import('../../operations/admin/keys.js'); return [m.keyCreateOperation, m.keyListOperation, m.keyRevokeOperation]; }, { name: 'keys', description: "a workspace's write keys (rl_pub_…, events only) and secret keys (rl_sk_…, with scopes)" }) },
  { words: ['audit'], load: () => import('../audit-export.js') },
  { words: ['share-links'], load: ops(async () => { const m = await import('../../operations/sharing/share-links.js'); return [m.shareLinkCreateOperation, m.shareLinkListOperation, m.shareLinkRevokeOperation]; }, { name: 'share-links', description: 'read-only links to one report for clients (expiring, revocable)' }) },
  { words: ['demo'], load: () => import('./demo.js') },
  { words: ['import'], load: ops(async () => [(await import('../../operations/tracking/imports.js')).importOperation]) },
  { words: ['events'], load: ops(async () => { const m = await import('../../operations/tracking/events.js'); return [m.eventsListOperation, m.eventsDeleteOperation]; }, { name: 'events', description: 'stored events' }) },
  { words: ['people'], load: () => import('./people.js') },
  { words: ['retention'], load: () => import('./retention.js') },
  { words: ['kpi'], load: ops(async () => [(await import('../../operations/analysis/kpis.js')).kpisOperation]) },
  { words: ['agency'], load: ops(async () => [(await import('../../operations/analysis/agency.js')).agencyOperation]) },
  { words: ['metrics', 'onboarding'], load: ops(async () => { const m = await import('../../operations/settings/meta.js'); return [m.metricsListOperation, m.onboardingOperation]; }) },
  { words: ['channels'], load: ops(async () => { const m = await import('../../operations/settings/channels.js'); return [m.channelRulesOperation, m.channelRulesSetOperation]; }, { name: 'channels', description: 'channel grouping rules (source, medium, click id, referrer → channel)' }) },
  { words: ['links'], load: () => import('./links.js') },
  { words: ['postback-sources'], load: ops(async () => { const m = await import('../../operations/tracking/postback-sources.js'); return [m.postbackSourceCreateOperation, m.postbackSourceListOperation]; }, { name: 'postback-sources', description: 'postback sources: each network or shop system that reports sales server to server, with its own secret' }) },
  { words: ['programs'], load: ops(async () => { const m = await import('../../operations/partners/programs.js'); return [m.programCreateOperation, m.programListOperation, m.programGetOperation, m.programUpdateOperation]; }, { name: 'programs', description: 'partner programmes: commission rules, windows, hold periods, applications' }) },
  {
    words: ['partners'],
    load: ops(async () => {
      const [p, s, portal, reports] = await Promise.all([import('../../operations/partners/partners.js'), import('../../operations/partners/partner-status.js'), import('../../operations/partners/portal.js'), import('../../operations/partner-reports/index.js')]);
      return [p.partnerCreateOperation, p.partnerListOperation, p.partnerGetOperation, p.partnerUpdateOperation, s.partnerApproveOperation, s.partnerSuspendOperation, s.partnerBanOperation, portal.portalMeOperation, reports.partnersLeaderboardOperation, reports.partnersFunnelOperation, reports.partnerStatementOperation, reports.partnerPostbacksOperation];
    }, { name: 'partners', description: 'affiliates, influencers and publishers: their links, coupons and status (approve, suspend, ban)' }),
  },
  { words: ['portal'], load: ops(async () => { const m = await import('../../operations/partner-reports/index.js'); return [m.portalStatementOperation, m.portalPostbacksOperation, m.portalPostbackSetOperation]; }, { name: 'portal', description: "a partner's portal pages as the partner sees them (--partner ID): statement, postback URL and its deliveries" }) },
  { words: ['payouts'], load: ops(async () => [(await import('../../operations/partner-reports/index.js')).payoutsDueOperation], { name: 'payouts', description: "what each partner would be paid now, against the programme's minimum" }) },
  { words: ['orders'], load: ops(async () => [], { name: 'orders', description: "orders: refunds (reverse their partners' commissions)" }) },
  // The money commands under `partners`, `payouts` and `orders` (their groups are made by the entries above when loaded; commandAt finds them).
  { words: ['partners', 'orders', 'payouts'], load: ops(async () => (await import('../../operations/ledger/index.js')).ledgerOperations.filter((op) => !('none' in op.cli))) },
  { words: ['attribution'], load: () => import('./attribution.js') },
  { words: ['experiment'], load: () => import('./experiment.js') },
  { words: ['clv', 'rfm'], load: () => import('./clv.js') },
  { words: ['customers', 'cohorts', 'funnel', 'segments'], load: () => import('./customers.js') },
  { words: ['budget'], load: () => import('./budget.js') },
  { words: ['writer', 'migrate'], load: () => import('./scale.js') },
  { words: ['backup', 'restore'], load: () => import('./backup.js') },
];

/** The top-level commands of `program` as its help shows them (what `npm run gen:cli-help` writes). */
export function summarize(program: Command): CommandSummary[] {
  const help = program.createHelp();
  const visible = help.visibleCommands(program);
  return program.commands.map((c) => ({ name: c.name(), aliases: c.aliases(), hidden: !visible.includes(c), term: help.subcommandTerm(c), description: help.subcommandDescription(c) }));
}

/** The text of help-summary.generated.ts for `summary`. */
export function summarySource(summary: readonly CommandSummary[]): string {
  const lines = summary.map((s) => `  ${JSON.stringify(s)},`);
  return [
    '// Written by `npm run gen:cli-help` (scripts/gen-cli-help.ts) from every command module; index.test.ts checks it is current.',
    '',
    '/** What top-level help shows of one command: its name and aliases (for typos\' suggestions), whether hidden, its term and description. */',
    'export interface CommandSummary {',
    '  name: string;',
    '  aliases: string[];',
    '  hidden: boolean;',
    '  term: string;',
    '  description: string;',
    '}',
    '',
    'export const helpSummary: CommandSummary[] = [',
    ...lines,
    '];',
    '',
  ].join('\n');
}

/** A module of placeholders: each summarised command with its help line, and no action (only used when the command line names none of them). */
export function summaryModule(summary: readonly CommandSummary[]): CommandModule {
  return {
    register(program: Command) {
      const shown = new Map<Command, CommandSummary>();
      for (const s of summary) shown.set(program.command(s.name, { hidden: s.hidden }).aliases(s.aliases), s);
      program.configureHelp({
        subcommandTerm(this: Help, c: Command) {
          return shown.get(c)?.term ?? Help.prototype.subcommandTerm.call(this, c);
        },
        subcommandDescription(this: Help, c: Command) {
          return shown.get(c)?.description ?? Help.prototype.subcommandDescription.call(this, c);
        },
      });
    },
  };
}

/**
 * The modules a command line needs: the entries of its first word (after `help`, the word it asks
 * about); else (help, a typo) the placeholders of `summary`, or every module when there is none.
 */
export async function commandModulesFor(argv: readonly string[], summary: readonly CommandSummary[] = helpSummary): Promise<CommandModule[]> {
  const words = argv.filter((a) => !a.startsWith('-'));
  const word = words[0] === 'help' ? words[1] : words[0];
  const wanted = commandEntries.filter((e) => word !== undefined && e.words.includes(word));
  if (wanted.length === 0 && summary.length > 0) return [summaryModule(summary)];
  return Promise.all((wanted.length > 0 ? wanted : commandEntries).map((e) => e.load()));
}
