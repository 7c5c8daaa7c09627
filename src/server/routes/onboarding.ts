import type { FastifyInstance, FastifyRequest } from 'fastify';
import { markOnboardingStep, type OnboardingStep } from '../../reports/workspace/onboarding.js';
import type { ServerContext } from '../context.js';
import { stringFieldOf } from '../../shared/unknown-values.js';

/**
 * Which onboarding step a successful request completes, if any: an event
 * batch or pixel hit carrying the write key in the query (`?key=`, what the
 * browser snippet sends) means the snippet runs on a site; an orders or
 * leads import, that the CRM or shop data is in.
 */
export function stepOfRequest(req: Pick<FastifyRequest, 'method' | 'url' | 'query'>, status: number): OnboardingStep | null {
  if (status < 200 || status >= 300) return null;
  const path = req.url.split('?')[0];
  if (stringFieldOf(req.query, 'key') !== undefined && ((req.method === 'POST' && path === '/v1/events') || (req.method === 'GET' && path === '/p.gif'))) return 'snippet';
  if (req.method === 'POST' && (path === '/v1/import/orders' || path === '/v1/import/leads')) return 'orders_or_leads';
  return null;
}

/**
 * Marks the onboarding steps requests complete (`GET /v1/onboarding` is the operation `onboarding.status`),
 * before the answer leaves (onSend), so a client that asks right after sees the step done. The step is
 * the workspace's the request acted in (its principal: the write key's, the importing key's).
 */
export function registerOnboardingRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const known = new Set<string>();
  app.addHook('onSend', async (req, reply, payload) => {
    const step = stepOfRequest(req, reply.statusCode);
    const workspaceId = req.principal?.workspaceId;
    const id = `${workspaceId}:${step}`;
    if (!step || workspaceId === undefined || known.has(id)) return payload;
    try {
      await markOnboardingStep(ctx.store, workspaceId, step);
      known.add(id);
    } catch (error) {
      process.stderr.write(`roilens: could not record onboarding step ${step}: ${(error as Error).message}\n`);
    }
    return payload;
  });
}
