import type { FastifyInstance } from 'fastify';
import { applyRetention, startRetentionJob } from '../../privacy/retention.js';
import type { ServerContext } from '../context.js';

/**
 * The retention job (issue 12 #14) runs while the server is up (hourly, and once a second after start);
 * erasing a person and applying retention now are operations (src/operations/privacy.ts).
 */
export function registerPrivacyRoutes(app: FastifyInstance, ctx: ServerContext): void {
  let stop: (() => void) | undefined;
  app.addHook('onReady', async () => {
    stop = startRetentionJob(() => applyRetention(ctx.store, ctx.ingestor, ctx.workspaceId), { log: (m) => app.log.warn(m) });
  });
  app.addHook('onClose', async () => stop?.());
}
