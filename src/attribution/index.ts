/** The attribution engines: pure functions from paths or journeys to credits. */
export * from './types.js';
export { parsePathsCsv, aggregatePaths, pathTotals, splitPath, type ParsedPathFile, type PathFileIssue } from './path-file.js';
export { ruleWeights, resolveRuleOptions, collapseRepeats } from './rule-weights.js';
export { attributeRuleBased } from './rule-based.js';
export { attributeMarkov, type MarkovAttribution, type MarkovOptions, type RemovalEffect } from './markov.js';
export { attributeShapley, EXACT_SHAPLEY_MAX_CHANNELS, type ShapleyAttribution, type ShapleyOptions } from './shapley.js';
export { attributePaths, type PathModelOptions } from './attribute-paths.js';
export { attributeJourneys, type JourneyOptions, type JourneyAttribution, type ConversionCredit, type TouchCredit } from './journeys.js';
export { windowTouches, type Journey, type JourneyTouch, type WindowOptions } from './journey-window.js';
export { journeyPathReports, pathFileReports, topPaths, pathLengths, assists, sankey, type PathReports } from './path-reports.js';
export { compareModels, type Comparison, type ComparisonRow } from './compare.js';
export { creditChannelSets, type ChannelSetRow, type ChannelSetTouchRow, type ChannelSetAttribution, type KeyCredit } from './channel-set-credits.js';
