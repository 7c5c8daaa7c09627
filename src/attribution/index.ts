/** The attribution engines: pure functions from paths or journeys to credits. */
export * from './paths/types.js';
export { parsePathsCsv, aggregatePaths, pathTotals, splitPath, type ParsedPathFile, type PathFileIssue } from './paths/path-file.js';
export { ruleWeights, resolveRuleOptions, collapseRepeats } from './models/rule-weights.js';
export { attributeRuleBased } from './models/rule-based.js';
export { attributeMarkov, type MarkovAttribution, type MarkovOptions, type RemovalEffect } from './models/markov.js';
export { attributeShapley, EXACT_SHAPLEY_MAX_CHANNELS, type ShapleyAttribution, type ShapleyOptions } from './models/shapley.js';
export { attributePaths, type PathModelOptions } from './models/attribute-paths.js';
export { attributeJourneys, creditJourneys, type JourneyOptions, type JourneyAttribution, type ConversionCredit, type TouchCredit } from './journeys/journeys.js';
export { windowTouches, type Journey, type JourneyTouch, type WindowOptions } from './journeys/journey-window.js';
export { journeyPathReports, pathFileReports, topPaths, pathLengths, assists, sankey, type PathReports } from './journeys/path-reports.js';
export { compareModels, type Comparison, type ComparisonRow } from './compare.js';
export { creditChannelSets, type ChannelSetRow, type ChannelSetTouchRow, type ChannelSetAttribution, type KeyCredit } from './journeys/channel-set-credits.js';
