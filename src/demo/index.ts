/** Public entry of the pure demo-world generator (the file writer lives in write-files.ts). */
export { generateDemoWorld, generateDemoTruth, demoDefaults } from './generate.js';
export { yesterdayUtc } from './calendar.js';
export { adstock, hill, response, steadyStateResponse, marginalResponse } from './response-curve.js';
export type { DemoOptions, DemoWorld } from './types.js';
export type { DemoTruth, ChannelTruth, DailyTruth, ResponseParams, OrderCause, DemoChannel } from '../records/demo-truth.js';
export { demoChannels } from '../records/demo-truth.js';
