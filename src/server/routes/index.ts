import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context.js';
import { registerOnboardingRoutes } from './onboarding.js';
import { registerPostbackRoutes } from './postback.js';
import { registerPrivacyRoutes } from './privacy.js';

/** Route modules of the analysis domains, registered after the core routes. */
export const extraRouteModules: ((app: FastifyInstance, ctx: ServerContext) => void)[] = [
  registerOnboardingRoutes,
  registerPostbackRoutes,
  registerPrivacyRoutes,
];
