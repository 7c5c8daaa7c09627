/**
 * Every operation defined once (issue 13 #1), in the order the OpenAPI document and the CLI help
 * list them. The server registers them all (`registerOperationRoutes`); the CLI registers each
 * where its command group stands (`cli/commands/index.ts`).
 */
import type { AnyOperation } from './core/define.js';
import { attributionCompareOperation, attributionOperation, attributionPathsOperation } from './analysis/attribution.js';
import { budgetFunnelOperation } from './analysis/budget.js';
import { budgetFitCalibratedOperation, budgetFitOperation, budgetPlanOperation, budgetPlanWithBoundsOperation } from './analysis/budget-plan.js';
import { cohortsAliasOperation, customerProfileOperation, customersCohortsOperation, customersFunnelOperation, customersRfmOperation } from './analysis/customers.js';
import { clvAliasOperation, customersClvCustomersOperation, customersClvOperation, customersLtvCacOperation } from './analysis/customers-value.js';
import { channelRulesOperation, channelRulesSetOperation } from './settings/channels.js';
import {
  experimentCreateOperation,
  experimentDeleteOperation,
  experimentGetOperation,
  experimentListOperation,
  experimentPlanOperation,
  experimentResultsOperation,
  experimentUpdateOperation,
} from './analysis/experiments.js';
import { eventsDeleteOperation, eventsListOperation, eventsSendOperation } from './tracking/events.js';
import { importOperation } from './tracking/imports.js';
import { experimentAssignOperation, experimentAssignQueryOperation, experimentDefinitionsOperation } from './tracking/experiment-assignment.js';
import { kpisOperation } from './analysis/kpis.js';
import { agencyOperation } from './analysis/agency.js';
import { metricsListOperation, onboardingOperation } from './settings/meta.js';
import { linkCreateOperation, linkDeleteOperation, linkListOperation, linkUpdateOperation } from './tracking/links.js';
import { segmentCompareOperation, segmentCountOperation, segmentCreateOperation, segmentGetOperation, segmentListOperation } from './analysis/segments.js';
import { segmentExportOperation, segmentPushOperation } from './analysis/segment-audience.js';
import { personEraseOperation, retentionApplyOperation } from './settings/privacy.js';
import { postbackSourceCreateOperation, postbackSourceListOperation } from './tracking/postback-sources.js';
import { sessionCloseEverywhereOperation, sessionCloseOperation, sessionMintCodeOperation, sessionOpenOperation, sessionStatusOperation } from './session/session.js';
import { workspaceSetOperation, workspaceShowOperation } from './settings/workspace.js';
import { workspaceArchiveOperation, workspaceCreateOperation, workspaceListOperation, workspaceRenameOperation } from './admin/workspaces.js';
import { keyCreateOperation, keyListOperation, keyRevokeOperation } from './admin/keys.js';
import { totpConfirmOperation, totpDisableOperation, totpEnrolOperation } from './session/totp-operations.js';
import { peopleInviteOperation, peopleResetLinkOperation } from './admin/people-invite.js';
import { invitationAcceptOperation, passwordResetRequestOperation, passwordSetOperation } from './session/account.js';
import { peopleAddOperation, peopleListOperation, peopleRemoveOperation, peopleRoleOperation } from './admin/people.js';
import { auditExportOperation, auditListOperation, auditVerifyOperation } from './admin/audit.js';
import { programCreateOperation, programGetOperation, programListOperation, programUpdateOperation } from './partners/programs.js';
import { partnerCreateOperation, partnerGetOperation, partnerListOperation, partnerUpdateOperation } from './partners/partners.js';
import { partnerApproveOperation, partnerBanOperation, partnerSuspendOperation } from './partners/partner-status.js';
import { programApplyOperation, programApplyPageOperation } from './partners/applications.js';
import { portalMeOperation } from './partners/portal.js';
import { partnerReportOperations } from './partner-reports/index.js';
import { ledgerOperations } from './ledger/index.js';
import { shareLinkCreateOperation, shareLinkListOperation, shareLinkRevokeOperation, shareShowOperation } from './sharing/share-links.js';

export const operations: readonly AnyOperation[] = [
  workspaceShowOperation,
  workspaceSetOperation,
  workspaceCreateOperation,
  workspaceListOperation,
  workspaceRenameOperation,
  workspaceArchiveOperation,
  keyCreateOperation,
  keyListOperation,
  keyRevokeOperation,
  peopleAddOperation,
  peopleListOperation,
  peopleRoleOperation,
  peopleRemoveOperation,
  peopleInviteOperation,
  peopleResetLinkOperation,
  auditListOperation,
  auditExportOperation,
  auditVerifyOperation,
  shareLinkCreateOperation,
  shareLinkListOperation,
  shareLinkRevokeOperation,
  shareShowOperation,
  importOperation,
  eventsSendOperation,
  eventsListOperation,
  eventsDeleteOperation,
  kpisOperation,
  agencyOperation,
  metricsListOperation,
  onboardingOperation,
  channelRulesOperation,
  channelRulesSetOperation,
  experimentPlanOperation,
  experimentListOperation,
  experimentCreateOperation,
  experimentGetOperation,
  experimentUpdateOperation,
  experimentDeleteOperation,
  experimentResultsOperation,
  experimentDefinitionsOperation,
  experimentAssignOperation,
  experimentAssignQueryOperation,
  budgetFunnelOperation,
  budgetFitOperation,
  budgetFitCalibratedOperation,
  budgetPlanOperation,
  budgetPlanWithBoundsOperation,
  postbackSourceCreateOperation,
  postbackSourceListOperation,
  customersRfmOperation,
  customersCohortsOperation,
  cohortsAliasOperation,
  customersFunnelOperation,
  customersClvOperation,
  clvAliasOperation,
  customersClvCustomersOperation,
  customersLtvCacOperation,
  customerProfileOperation,
  linkCreateOperation,
  linkListOperation,
  linkUpdateOperation,
  linkDeleteOperation,
  programCreateOperation,
  programListOperation,
  programGetOperation,
  programUpdateOperation,
  partnerCreateOperation,
  partnerListOperation,
  partnerGetOperation,
  partnerUpdateOperation,
  partnerApproveOperation,
  partnerSuspendOperation,
  partnerBanOperation,
  programApplyPageOperation,
  programApplyOperation,
  portalMeOperation,
  ...ledgerOperations,
  attributionOperation,
  attributionCompareOperation,
  attributionPathsOperation,
  segmentListOperation,
  segmentCreateOperation,
  segmentGetOperation,
  segmentCountOperation,
  segmentCompareOperation,
  segmentExportOperation,
  segmentPushOperation,
  personEraseOperation,
  retentionApplyOperation,
  sessionOpenOperation,
  sessionStatusOperation,
  sessionCloseOperation,
  sessionCloseEverywhereOperation,
  sessionMintCodeOperation,
  passwordSetOperation,
  invitationAcceptOperation,
  passwordResetRequestOperation,
  totpEnrolOperation,
  totpConfirmOperation,
  totpDisableOperation,
  ...partnerReportOperations,
];

/** One operation by name (the scheduler and the CLI's server calls use names). */
export function operationNamed(name: string): AnyOperation | undefined {
  return operations.find((op) => op.name === name);
}
