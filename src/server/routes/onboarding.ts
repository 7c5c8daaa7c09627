import type { FastifyInstance, FastifyRequest } from 'fastify';
import { requireAdmin } from '../auth.js';
import type { ServerContext } from '../context.js';

/** The first steps of a new install, in the order the dashboard lists them. */
export const onboardingSteps = ['snippet', 'first_event', 'spend', 'orders_or_leads', 'first_conversion'] as const;
export type OnboardingStep = (typeof onboardingSteps)[number];

export interface OnboardingAnswer {
  steps: { id: OnboardingStep; done: boolean; at: string | null }[];
  complete: boolean;
}

const settingKey = (workspaceId: string, step: OnboardingStep) => `onboarding:${workspaceId}:${step}`;

/**
 * Which onboarding step a successful request completes, if any: an event
 * batch or pixel hit carrying the write key in the query (`?key=`, what the
 * browser snippet sends) means the snippet runs on a site; an orders or
 * leads import, that the CRM or shop data is in.
 */
export function stepOfRequest(req: Pick<FastifyRequest, 'method' | 'url' | 'query'>, status: number): OnboardingStep | null {
  if (status < 200 || status >= 300) return null;
  const path = req.url.split('?')[0];
  const query = (req.query ?? {}) as Record<string, unknown>;
  if (typeof query.key === 'string' && ((req.method === 'POST' && path === '/v1/events') || (req.method === 'GET' && path === '/p.gif'))) return 'snippet';
  if (req.method === 'POST' && (path === '/v1/import/orders' || path === '/v1/import/leads')) return 'orders_or_leads';
  return null;
}

/**
 * `GET /v1/onboarding`: the checklist the overview shows on a new install.
 * A step is done once its data has arrived, and stays done (the first time
 * it was seen is kept as a setting):
 *
 * - `snippet`: the browser snippet sent events (the write key in `?key=`);
 * - `first_event`: any event is stored;
 * - `spend`: spend is stored;
 * - `orders_or_leads`: an orders or leads import went through the server,
 *   or stored leads carry CRM stages (only lead imports give them);
 * - `first_conversion`: a sale (conversion event or order) is counted.
 */
export function registerOnboardingRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const known = new Set<string>();
  const mark = async (workspaceId: string, step: OnboardingStep, at = new Date().toISOString()): Promise<string> => {
    const key = settingKey(workspaceId, step);
    const stored = await ctx.store.getSetting(key);
    if (stored) return stored;
    await ctx.store.setSetting(key, at);
    return at;
  };

  // Before the answer leaves (onSend), so a client that asks right after sees the step done.
  app.addHook('onSend', async (req, reply, payload) => {
    const step = stepOfRequest(req, reply.statusCode);
    const id = `${ctx.workspaceId}:${step}`;
    if (!step || known.has(id)) return payload;
    try {
      await mark(ctx.workspaceId, step);
      known.add(id);
    } catch (error) {
      process.stderr.write(`roilens: could not record onboarding step ${step}: ${(error as Error).message}\n`);
    }
    return payload;
  });

  app.get('/v1/onboarding', {
    schema: {
      summary: 'First steps of a new install (snippet seen, first event, spend, orders or leads, first conversion), each done once its data arrived',
      tags: ['meta'],
      security: [{ adminToken: [] }],
      response: {
        200: {
          type: 'object',
          properties: {
            steps: { type: 'array', items: { type: 'object', properties: { id: { type: 'string', enum: [...onboardingSteps] }, done: { type: 'boolean' }, at: { type: ['string', 'null'] } } } },
            complete: { type: 'boolean' },
          },
        },
      },
    },
  }, async (req): Promise<OnboardingAnswer> => {
    requireAdmin(req, ctx.adminToken);
    await ctx.ingestor.drain();
    const ws = ctx.workspaceId;
    const at = new Map<OnboardingStep, string>();
    for (const step of onboardingSteps) {
      const stored = await ctx.store.getSetting(settingKey(ws, step));
      if (stored) at.set(step, stored);
    }
    if (!at.has('first_event') && (await ctx.store.countEvents(ws)) > 0) at.set('first_event', await mark(ws, 'first_event'));
    if (!at.has('spend') || !at.has('orders_or_leads') || !at.has('first_conversion')) {
      const range = await ctx.store.dataRange(ws);
      if (range.from && range.to) {
        const { totals } = await ctx.store.kpiFacts(ws, { by: null, from: range.from, to: range.to, lookbackDays: 30 });
        if (!at.has('spend') && Number(totals.spend) !== 0) at.set('spend', await mark(ws, 'spend'));
        if (!at.has('orders_or_leads') && totals.mqls + totals.sqls + totals.opportunities + totals.won > 0) at.set('orders_or_leads', await mark(ws, 'orders_or_leads'));
        if (!at.has('first_conversion') && totals.conversions > 0) at.set('first_conversion', await mark(ws, 'first_conversion'));
      }
    }
    const steps = onboardingSteps.map((id) => ({ id, done: at.has(id), at: at.get(id) ?? null }));
    return { steps, complete: steps.every((step) => step.done) };
  });
}
