/** Partner crediting (issue 16): which partner earns each verified conversion. Pure: facts in, credits out. */
export { creditConversions, type CreditingInput, type CreditingResult, type SkippedConversion } from './credit.js';
export { chooseClick, clicksInWindow } from './click-choice.js';
export { modelShares, partnerChannel, programModel, shareDigits } from './model-shares.js';
export { PartnerIndex, type CreditRefusal } from './partner-index.js';
export { SaleAmounts } from './sale-amounts.js';
export * from './facts.js';
