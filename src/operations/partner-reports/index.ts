/** The partner reports' operations (issue 16): the manager's reports, statements, and outgoing postbacks. */
import { partnersFunnelOperation, partnersLeaderboardOperation, payoutsDueOperation } from './manager-reports.js';
import { partnerPostbacksOperation } from './postbacks.js';
import { partnerStatementOperation, partnerStatementPdfOperation } from './statements.js';
import { portalPostbackSetOperation, portalPostbacksOperation, portalStatementOperation, portalStatementPdfOperation } from './portal-reports.js';

export { partnersFunnelOperation, partnersLeaderboardOperation, payoutsDueOperation, partnerPostbacksOperation };
export { partnerStatementOperation, partnerStatementPdfOperation, portalPostbackSetOperation, portalPostbacksOperation, portalStatementOperation, portalStatementPdfOperation };

/** In the order the API document lists them. */
export const partnerReportOperations = [
  partnersLeaderboardOperation,
  partnersFunnelOperation,
  payoutsDueOperation,
  partnerStatementOperation,
  partnerStatementPdfOperation,
  partnerPostbacksOperation,
  portalStatementOperation,
  portalStatementPdfOperation,
  portalPostbacksOperation,
  portalPostbackSetOperation,
] as const;
