import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context.js';
import { registerExperimentRoutes } from './experiments.js';

/** Route modules of the analysis domains (attribution, experiments, customers, budget), registered after the core routes. */
export const extraRouteModules: ((app: FastifyInstance, ctx: ServerContext) => void)[] = [registerExperimentRoutes];
