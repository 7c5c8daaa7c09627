/**
 * The first steps of a new install, in the order the dashboard lists them, each done once its data
 * has arrived, and staying done (the first time it was seen is kept as a setting):
 *
 * - `snippet`: the browser snippet sent events (the write key in `?key=`);
 * - `first_event`: any event is stored;
 * - `spend`: spend is stored;
 * - `orders_or_leads`: an orders or leads import went through the server,
 *   or stored leads carry CRM stages (only lead imports give them);
 * - `first_conversion`: a sale (conversion event or order) is counted.
 */
import type { Store } from '../../store/store.js';

export const onboardingSteps = ['snippet', 'first_event', 'spend', 'orders_or_leads', 'first_conversion'] as const;
export type OnboardingStep = (typeof onboardingSteps)[number];

export interface OnboardingAnswer {
  steps: { id: OnboardingStep; done: boolean; at: string | null }[];
  complete: boolean;
}

const settingKey = (workspaceId: string, step: OnboardingStep) => `onboarding:${workspaceId}:${step}`;

/** Marks a step done at `at` unless it already is; answers when it was first done. */
export async function markOnboardingStep(store: Store, workspaceId: string, step: OnboardingStep, at = new Date().toISOString()): Promise<string> {
  const key = settingKey(workspaceId, step);
  const stored = await store.getSetting(key);
  if (stored) return stored;
  await store.setSetting(key, at);
  return at;
}

/** The checklist: the steps marked so far, and those the stored data shows done now (marked as they are found). */
export async function onboardingStatus(store: Store, ws: string): Promise<OnboardingAnswer> {
  const at = new Map<OnboardingStep, string>();
  for (const step of onboardingSteps) {
    const stored = await store.getSetting(settingKey(ws, step));
    if (stored) at.set(step, stored);
  }
  const mark = (step: OnboardingStep) => markOnboardingStep(store, ws, step);
  if (!at.has('first_event') && (await store.countEvents(ws)) > 0) at.set('first_event', await mark('first_event'));
  if (!at.has('spend') || !at.has('orders_or_leads') || !at.has('first_conversion')) {
    const range = await store.dataRange(ws);
    if (range.from && range.to) {
      const { totals } = await store.kpiFacts(ws, { by: null, from: range.from, to: range.to, lookbackDays: 30 });
      if (!at.has('spend') && Number(totals.spend) !== 0) at.set('spend', await mark('spend'));
      if (!at.has('orders_or_leads') && totals.mqls + totals.sqls + totals.opportunities + totals.won > 0) at.set('orders_or_leads', await mark('orders_or_leads'));
      if (!at.has('first_conversion') && totals.conversions > 0) at.set('first_conversion', await mark('first_conversion'));
    }
  }
  const steps = onboardingSteps.map((id) => ({ id, done: at.has(id), at: at.get(id) ?? null }));
  return { steps, complete: steps.every((step) => step.done) };
}
