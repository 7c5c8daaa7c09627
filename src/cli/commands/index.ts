import type { Command } from 'commander';
import * as start from './start.js';
import * as demo from './demo.js';
import * as links from './links.js';
import * as attribution from './attribution.js';
import * as experiment from './experiment.js';
import * as clv from './clv.js';
import * as budget from './budget.js';
import * as customers from './customers.js';
import * as scale from './scale.js';
import * as backup from './backup.js';
import * as people from './people.js';
import * as retention from './retention.js';
import * as signinLink from './signin-link.js';
import * as audit from '../audit-export.js';
import { operationCommands } from '../operation-commands.js';
import { channelRulesOperation, channelRulesSetOperation } from '../../operations/settings/channels.js';
import { eventsDeleteOperation, eventsListOperation } from '../../operations/tracking/events.js';
import { importOperation } from '../../operations/tracking/imports.js';
import { kpisOperation } from '../../operations/analysis/kpis.js';
import { agencyOperation } from '../../operations/analysis/agency.js';
import { metricsListOperation, onboardingOperation } from '../../operations/settings/meta.js';
import { postbackSourceCreateOperation, postbackSourceListOperation } from '../../operations/tracking/postback-sources.js';
import { workspaceSetOperation, workspaceShowOperation } from '../../operations/settings/workspace.js';
import { workspaceArchiveOperation, workspaceCreateOperation, workspaceListOperation, workspaceRenameOperation } from '../../operations/admin/workspaces.js';
import { keyCreateOperation, keyListOperation, keyRevokeOperation } from '../../operations/admin/keys.js';
import { ledgerOperations } from '../../operations/ledger/index.js';
import { shareLinkCreateOperation, shareLinkListOperation, shareLinkRevokeOperation } from '../../operations/sharing/share-links.js';
import { programCreateOperation, programGetOperation, programListOperation, programUpdateOperation } from '../../operations/partners/programs.js';
import { partnerCreateOperation, partnerGetOperation, partnerListOperation, partnerUpdateOperation } from '../../operations/partners/partners.js';
import { partnerApproveOperation, partnerBanOperation, partnerSuspendOperation } from '../../operations/partners/partner-status.js';
import { portalMeOperation } from '../../operations/partners/portal.js';
import { partnersFunnelOperation, partnersLeaderboardOperation, payoutsDueOperation, partnerPostbacksOperation, partnerStatementOperation, portalPostbackSetOperation, portalPostbacksOperation, portalStatementOperation } from '../../operations/partner-reports/index.js';

export interface CommandModule {
  register(program: Command): void;
}

const workspace = operationCommands([workspaceShowOperation, workspaceSetOperation], { name: 'workspace', description: "the workspace's settings (currency, time zone, margin, calendar, revenue sources, retention …)" });
const workspaces = operationCommands([workspaceCreateOperation, workspaceListOperation, workspaceRenameOperation, workspaceArchiveOperation], { name: 'workspaces', description: 'the workspaces of the installation (create, list, rename, archive); other commands act in one with --workspace ID' });
const keys = operationCommands([keyCreateOperation, keyListOperation, keyRevokeOperation], { name: 'keys', description: "a workspace's write keys (rl_pub_…, events only) and secret keys (rl_sk_…, with scopes)" });
const shareLinks = operationCommands([shareLinkCreateOperation, shareLinkListOperation, shareLinkRevokeOperation], { name: 'share-links', description: 'read-only links to one report for clients (expiring, revocable)' });
const kpi = operationCommands([kpisOperation]);
const agency = operationCommands([agencyOperation]);
const importCmd = operationCommands([importOperation]);
const events = operationCommands([eventsListOperation, eventsDeleteOperation], { name: 'events', description: 'stored events' });
const meta = operationCommands([metricsListOperation, onboardingOperation]);
const postbackSources = operationCommands([postbackSourceCreateOperation, postbackSourceListOperation], { name: 'postback-sources', description: 'postback sources: each network or shop system that reports sales server to server, with its own secret' });
const programs = operationCommands([programCreateOperation, programListOperation, programGetOperation, programUpdateOperation], { name: 'programs', description: 'partner programmes: commission rules, windows, hold periods, applications' });
const partners = operationCommands(
  [partnerCreateOperation, partnerListOperation, partnerGetOperation, partnerUpdateOperation, partnerApproveOperation, partnerSuspendOperation, partnerBanOperation, portalMeOperation, partnersLeaderboardOperation, partnersFunnelOperation, partnerStatementOperation, partnerPostbacksOperation],
  { name: 'partners', description: 'affiliates, influencers and publishers: their links, coupons and status (approve, suspend, ban)' },
);
const portal = operationCommands([portalStatementOperation, portalPostbacksOperation, portalPostbackSetOperation], { name: 'portal', description: "a partner's portal pages as the partner sees them (--partner ID): statement, postback URL and its deliveries" });
const payouts = operationCommands([payoutsDueOperation], { name: 'payouts', description: "what each partner would be paid now, against the programme's minimum" });
const orders = operationCommands([], { name: 'orders', description: 'orders: refunds (reverse their partners\' commissions)' });
// The money commands under `partners`, `payouts` (registered before) and `orders`: commandAt finds a group made earlier.
const ledger = operationCommands(ledgerOperations.filter((op) => !('none' in op.cli)));

const channels = operationCommands([channelRulesOperation, channelRulesSetOperation], { name: 'channels', description: 'channel grouping rules (source, medium, click id, referrer → channel)' });

/** Every CLI command module, in help order (some made from operations, src/operations). */
export const commandModules: CommandModule[] = [start, signinLink, workspace, workspaces, keys, audit, shareLinks, demo, importCmd, events, people, retention, kpi, agency, meta, channels, links, postbackSources, programs, partners, portal, payouts, orders, ledger, attribution, experiment, clv, customers, budget, scale, backup];
