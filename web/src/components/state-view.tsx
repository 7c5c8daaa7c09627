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
 * An API failure as an empty state: 404/501 mean the server does not offer
 * the report yet; anything else shows the server's message and a retry.
 */
export function ErrorState({ error, onRetry }: { error: ApiError; onRetry?: () => void }) {
  const { t } = useI18n();
  const unavailable = error.status === 404 || error.status === 501;
  return (
    <div className="state state--error" data-testid={unavailable ? 'unavailable-state' : 'error-state'} role="status">
      <p>{unavailable ? t('state.unavailable') : t('state.error')}</p>
      {!unavailable && error.message ? <p className="state__detail">{error.message}</p> : null}
      {onRetry && !unavailable ? (
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
