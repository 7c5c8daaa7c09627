import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n/i18n-context';
import type { PayoutDetailsConfirmAnswer } from '../../lib/api-types.generated';
import { send } from './send';

/** The code of a `#payout-details=CODE` link, taken out of the address bar at once (it works once). */
export function takePayoutDetailsCode(): string | null {
  const match = /^#payout-details=([^&]+)$/.exec(window.location.hash);
  if (!match) return null;
  window.history.replaceState(window.history.state, '', `${window.location.pathname}${window.location.search}`);
  return decodeURIComponent(match[1]);
}

/** What the e-mailed link opens: the change is confirmed (no sign-in needed: the code is the credential). */
export function ConfirmPayoutDetails({ code }: { code: string }) {
  const { t } = useI18n();
  const [state, setState] = useState<'checking' | 'done' | 'failed'>('checking');
  useEffect(() => {
    void send<PayoutDetailsConfirmAnswer>('/v1/payout-details/confirm', { code }).then((result) => setState(result.ok ? 'done' : 'failed'));
  }, [code]);
  return (
    <main className="boot">
      <p className={state === 'failed' ? 'state state--error' : 'muted'} role="status" data-testid={`payout-details-${state}`}>
        {t(state === 'done' ? 'portal.detailsConfirmed' : state === 'failed' ? 'portal.detailsFailed' : 'portal.detailsChecking')}
      </p>
    </main>
  );
}
