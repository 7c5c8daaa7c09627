import type { FastifyInstance } from 'fastify';
import { applyRetentionEverywhere, startRetentionJob } from '../../privacy/retention.js';
import type { ServerContext } from '../context.js';

/**
 * The retention job (issue 12 #14) runs over every workspace, each with its own period, while the server is up (hourly, and once a second after start);
 * erasing a person and applying retention now are operations (src/operations/privacy.ts).
 */
export function registerPrivacyRoutes(app: FastifyInstance, ctx: ServerContext): void {
  let stop: (() => void) | undefined;
  app.addHook('onReady', async () => {
    stop = startRetentionJob(() => applyRetentionEverywhere(ctx.store, ctx.ingestor), { log: (m) => app.log.warn(m) });
  });
  app.addHook('onClose', async () => stop?.());
}
