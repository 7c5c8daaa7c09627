import { LocaleSelect } from '../../components/inputs/locale-select';
import { ErrorState, Loading } from '../../components/state-view';
import { useI18n } from '../../i18n/i18n-context';
import type { ApiError } from '../../lib/api';
import type { PortalMeAnswer } from '../../lib/api-types.generated';
import { useApi } from '../../lib/use-api';
import { PortalPage } from './portal-page';

/**
 * What a signed-in person the workspace refuses (403) sees: the partner portal when they are a
 * partner (`/v1/portal/me` answers), else the refusal itself.
 */
export function PortalShell({ error, onRetry, onSignOut }: { error: ApiError; onRetry(): void; onSignOut(everywhere: boolean): void }) {
  const { t } = useI18n();
  const me = useApi<PortalMeAnswer>('/v1/portal/me');
  if (me.status === 'loading') return <main className="boot"><Loading /></main>;
  if (me.status === 'error') return <main className="boot"><ErrorState error={error} onRetry={onRetry} /></main>;
  return (
    <div className="layout layout--portal">
      <header className="header">
        <span className="brand">{t('app.title')}</span>
        <span className="header__spacer" />
        <LocaleSelect />
        <button type="button" className="button button--quiet" onClick={() => onSignOut(false)} data-testid="sign-out">{t('header.signOut')}</button>
        <button type="button" className="button button--quiet" onClick={() => onSignOut(true)} data-testid="sign-out-everywhere">{t('header.signOutEverywhere')}</button>
      </header>
      <main className="content" data-testid="page-portal">
        <PortalPage me={me.data} />
      </main>
    </div>
  );
}
