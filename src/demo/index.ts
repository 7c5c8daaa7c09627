/** Public entry of the pure demo-world generator (the file writer lives in write-files.ts). */
export { generateDemoWorld, generateDemoTruth, demoDefaults } from './generate.js';
export { yesterdayUtc } from './world/calendar.js';
export { adstock, hill, response, steadyStateResponse, marginalResponse } from './world/response-curve.js';
export type { DemoOptions, DemoWorld } from './world/types.js';
export type { DemoTruth, ChannelTruth, DailyTruth, ResponseParams, OrderCause, DemoChannel } from '../records/demo-truth.js';
export { demoChannels } from '../records/demo-truth.js';
