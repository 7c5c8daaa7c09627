import type { ReactNode } from 'react';
import { useI18n } from '../i18n/i18n-context';
import type { ApiError } from '../lib/api';
import type { ApiState } from '../lib/use-api';

/** A spinner line while data loads. */
export function Loading() {
  const { t } = useI18n();
  return (
    <div className="state state--loading" data-testid="loading" aria-busy="true">
      {t('state.loading')}
    </div>
  );
}

/** A quiet empty state with a message (no data, or nothing to show). */
export function Empty({ message, testId = 'empty-state' }: { message: string; testId?: string }) {
  return (
    <div className="state state--empty" data-testid={testId}>
      {message}
    </div>
  );
}

/**
 * A page that has nothing to compute on an empty store (the budget models
 * need spend and outcomes): its title and a pointer to the first steps,
 * instead of requests that can only fail.
 */
export function NoDataYet({ title }: { title: string }) {
  const { t } = useI18n();
  return (
    <div className="page">
      <div className="page__head">
        <h1>{title}</h1>
      </div>
      <div className="card state state--empty" data-testid="no-data-yet">
        <p>{t('state.noDataYet')}</p>
        <a href="#/overview">{t('onboarding.title')}</a>
      </div>
    </div>
  );
}

/**
 * An API failure. 404/501: the server does not offer the report yet. Any
 * other 4xx on a report means the data cannot answer it yet (no spend, no
 * impressions, too few customers…): that is an empty state, not an error,
 * so it gets a plain sentence and no retry. Only a server or network
 * failure (5xx, no answer) is an error with a retry. Raw server text
 * is not shown for reports (it is English and meant for the log); `input`
 * marks the answer to a form, where the server's reason names the field.
 */
export function ErrorState({ error, onRetry, input = false }: { error: ApiError; onRetry?: () => void; input?: boolean }) {
  const { t } = useI18n();
  if (input) {
    // The answer to something the user typed: the server names the field and the reason.
    return (
      <div className="state state--error" data-testid="input-error" role="alert">
        <p>{error.message || t('state.error')}</p>
      </div>
    );
  }
  const unavailable = error.status === 404 || error.status === 501;
  const notEnough = !unavailable && error.status >= 400 && error.status < 500 && error.status !== 429;
  if (unavailable) {
    return (
      <div className="state state--empty" data-testid="unavailable-state" role="status">
        <p>{t('state.unavailable')}</p>
      </div>
    );
  }
  if (notEnough) {
    return (
      <div className="state state--empty" data-testid="empty-state" data-status={error.status} role="status">
        <p>{t('state.notEnough')}</p>
      </div>
    );
  }
  return (
    <div className="state state--error" data-testid="error-state" data-status={error.status} role="status">
      <p>{t('state.error')}</p>
      {onRetry ? (
        <button type="button" className="button" onClick={onRetry}>
          {t('state.retry')}
        </button>
      ) : null}
    </div>
  );
}

/** Renders loading / error / data for one API state. */
export function ApiView<T>({
  state,
  onRetry,
  children,
}: {
  state: ApiState<T>;
  onRetry?: () => void;
  children: (data: T) => ReactNode;
}) {
  if (state.status === 'loading') return <Loading />;
  if (state.status === 'error') return <ErrorState error={state.error} onRetry={onRetry} />;
  return <>{children(state.data)}</>;
}
