import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../../i18n/i18n-context';
import type { MessageKey } from '../../i18n/messages-en';
import type { OnboardingAnswer } from '../../lib/api-types.generated';
import { formatCount } from '../../lib/format/format';
import { href } from '../../lib/route';
import { useApi } from '../../lib/use-api';

const STEP_KEYS: Record<OnboardingAnswer['steps'][number]['id'], MessageKey> = {
  snippet: 'onboarding.snippet',
  first_event: 'onboarding.first_event',
  spend: 'onboarding.spend',
  orders_or_leads: 'onboarding.orders_or_leads',
  first_conversion: 'onboarding.first_conversion',
};

const HIDDEN_KEY = 'rl_onboarding_hidden';
/** How often the checklist asks again while a step is open, so it turns green as data arrives. */
const POLL_MS = 5_000;

/**
 * The first steps of a new install (`GET /v1/onboarding`), each ticked once
 * its data has arrived. Shown until every step is done or the user hides it;
 * absent on servers without the endpoint.
 */
export function OnboardingChecklist({ onProgress }: { onProgress?: (done: number) => void }) {
  const { t, locale } = useI18n();
  const [tick, setTick] = useState(0);
  const [hidden, setHidden] = useState(() => localStorage.getItem(HIDDEN_KEY) === '1');
  const state = useApi<OnboardingAnswer>(hidden ? null : '/v1/onboarding', tick);
  const complete = state.status === 'ok' && state.data.complete;

  useEffect(() => {
    if (hidden || complete) return;
    const timer = window.setInterval(() => setTick((n) => n + 1), POLL_MS);
    return () => window.clearInterval(timer);
  }, [hidden, complete]);

  // Keep the last answer on screen while the next poll is in flight.
  const [last, setLast] = useState<OnboardingAnswer | null>(null);
  useEffect(() => {
    if (state.status === 'ok') setLast(state.data);
  }, [state]);
  // Tell the page when a step turns green, so its figures are asked again.
  const doneCount = last && Array.isArray(last.steps) ? last.steps.filter((step) => step.done).length : null;
  const reported = useRef<number | null>(null);
  useEffect(() => {
    if (doneCount === null) return;
    if (reported.current !== null && doneCount > reported.current) onProgress?.(doneCount);
    reported.current = doneCount;
  }, [doneCount, onProgress]);

  if (hidden || !last || last.complete || !Array.isArray(last.steps)) return null;
  const done = doneCount ?? 0;
  return (
    <section className="card onboarding" aria-labelledby="onboarding-title" data-testid="onboarding">
      <div className="onboarding__head">
        <h2 id="onboarding-title" className="section-title">
          {t('onboarding.title')}
        </h2>
        <span className="muted small" data-testid="onboarding-progress">
          {t('onboarding.progress', { done: formatCount(done, locale), total: formatCount(last.steps.length, locale) })}
        </span>
        <button
          type="button"
          className="button button--quiet button--small"
          data-testid="onboarding-hide"
          onClick={() => {
            localStorage.setItem(HIDDEN_KEY, '1');
            setHidden(true);
          }}
        >
          {t('onboarding.hide')}
        </button>
      </div>
      <p className="muted small">{t('onboarding.help')}</p>
      <ol className="checklist">
        {last.steps.map((step) => (
          <li key={step.id} className={step.done ? 'checklist__item checklist__item--done' : 'checklist__item'} data-testid={`onboarding-${step.id}`} data-done={step.done}>
            <span className="checklist__mark" aria-hidden="true">
              {step.done ? '✓' : '○'}
            </span>
            <span>{t(STEP_KEYS[step.id] ?? 'onboarding.title')}</span>
            <span className="visually-hidden">{step.done ? t('onboarding.done') : t('onboarding.todo')}</span>
          </li>
        ))}
      </ol>
      <a href={href('settings')} data-testid="onboarding-settings">
        {t('onboarding.openSettings')}
      </a>
    </section>
  );
}
