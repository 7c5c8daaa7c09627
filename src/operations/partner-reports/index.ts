/** The partner reports' operations (issue 16): the manager's reports, statements, and outgoing postbacks. */
import { partnersFunnelOperation, partnersLeaderboardOperation, payoutsDueOperation } from './manager-reports.js';
import { partnerPostbacksOperation } from './postbacks.js';
import { partnerStatementOperation, partnerStatementPdfOperation } from './statements.js';

export { partnersFunnelOperation, partnersLeaderboardOperation, payoutsDueOperation, partnerPostbacksOperation };
export { partnerStatementOperation, partnerStatementPdfOperation };

/** In the order the API document lists them. */
export const partnerReportOperations = [
  partnersLeaderboardOperation,
  partnersFunnelOperation,
  payoutsDueOperation,
  partnerStatementOperation,
  partnerStatementPdfOperation,
  partnerPostbacksOperation,
] as const;
