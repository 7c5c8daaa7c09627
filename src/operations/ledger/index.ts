/** The partner money operations (issue 16): the ledger, refunds, review and adjustments, payouts and payout details, in the order the API document lists them. */
import type { AnyOperation } from '../core/define.js';
import { partnerLedgerOperation, partnerSyncOperation, portalLedgerOperation } from './partner-ledger.js';
import { orderRefundOperation } from './refunds.js';
import { partnerAdjustOperation, partnerReviewOperation } from './review.js';
import { payoutFileOperation, payoutListOperation, payoutMarkPaidOperation, payoutRunOperation, portalPayoutsOperation } from './payouts.js';
import { payoutDetailsConfirmOperation, payoutDetailsRequestOperation, payoutDetailsShowOperation } from './payout-details.js';

export const ledgerOperations: readonly AnyOperation[] = [
  partnerLedgerOperation,
  partnerSyncOperation,
  orderRefundOperation,
  partnerReviewOperation,
  partnerAdjustOperation,
  payoutRunOperation,
  payoutListOperation,
  payoutMarkPaidOperation,
  payoutFileOperation,
  payoutDetailsRequestOperation,
  payoutDetailsConfirmOperation,
  payoutDetailsShowOperation,
  portalLedgerOperation,
  portalPayoutsOperation,
];
