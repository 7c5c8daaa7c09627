/** Public entry of the pure demo-world generator (the file writer lives in write-files.ts). */
export { generateDemoWorld, demoDefaults } from './generate.js';
export { yesterdayUtc } from './calendar.js';
export { adstock, hill, response, steadyStateResponse, marginalResponse } from './response-curve.js';
export type { DemoOptions, DemoWorld, DemoTruth, ChannelTruth, DailyTruth, ResponseParams, OrderCause, DemoChannel } from './types.js';
export { demoChannels } from './types.js';
