/** Partner fraud scoring (issue 16 "Fraud"): pure functions of plain click and conversion rows. */
export { scoreTraffic, type PartnerTraffic, type TrafficVerdicts } from './score-traffic.js';
export { ClickScorer, defaultBurstRule, type BurstRule, type ClickScorerOptions } from './click-scorer.js';
export { scoreConversion, conversionSignalsOf, fastConversionMs, lateConversionMs } from './conversion-score.js';
export { partnerVerdicts, partnerRules, emptyTally, tallyClick, tallyConversion, type PartnerTally } from './partner-score.js';
export { conversionRateOutlier, binomialUpperTail, binomialLowerTail, defaultRateTest, type RateTest } from './conversion-rate.js';
export { signalWeights, partnerFlagThreshold, combinedScore, clickSignals, conversionSignals, partnerSignals, clickScoreOfMask, clickSignalsOfMask, type FraudSignal, type ClickSignal, type ConversionSignal, type PartnerSignal } from './signals.js';
export { AsnTable, installedAsnTable, parseAsnRanges, asnOfKey } from './asn-table.js';
export { hostingAsns, hostingAsnByNumber, type HostingAsn } from './hosting-asns.js';
export { ipKey } from './ip-key.js';
export type { FraudClick, FraudConversion, FraudPartner, FraudVerdict, ConversionVerdict, PartnerVerdict, PartnerShare } from './types.js';
