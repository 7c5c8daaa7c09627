/** Payout runs and their files (issue 16): pure, plain data in and out; the caller stores the run and its entries. */
export { payoutRun, type PayoutRunInput, type PayoutRunResult, type PartnerPayout, type CarriedOver } from './payout-run.js';
export { payoutFile, normalIban, payoutFileFormats, type PayoutFileFormat, type PayeeInfo } from './payout-files.js';
