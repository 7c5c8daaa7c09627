import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ErrorBoundary } from './components/shell/error-boundary';
import { DataFreshness } from './components/shell/data-freshness';
import { DemoLoadingGate } from './components/shell/demo-loading';
import { LocaleSelect } from './components/inputs/locale-select';
import { SignIn } from './components/shell/sign-in';
import { ChoosePassword } from './components/shell/choose-password';
import { ErrorState, Loading, NoDataYet } from './components/state-view';
import { useI18n } from './i18n/i18n-context';
import { UNAUTHORIZED_EVENT } from './lib/api';
import type { MetricsAnswer, Workspace } from './lib/api-types.generated';
import { exchangeCode, signOut, takeSignInCode } from './lib/auth';
import { signOutEverywhere, takePasswordLink, type PasswordLink } from './lib/password-sign-in';
import { todayIn } from './lib/dates/dates';
import { rangeOnly, readRange, writeRange, type RangeChoice } from './lib/dates/range-query';
import { formatDate } from './lib/format/format';
import { href, PAGES, replaceQuery, useRoute, type Page } from './lib/route';
import { useApi } from './lib/use-api';
import { AttributionPage } from './pages/attribution';
import { BudgetPage } from './pages/budget/budget';
import { CustomersPage } from './pages/customers/customers';
import { ExperimentsPage } from './pages/experiments/experiments';
import { OverviewPage } from './pages/overview';
import { ImportsPage } from './pages/imports';
import { SettingsPage } from './pages/settings/settings';
import { AgencyPage } from './pages/agency';
import { PartnersPage } from './pages/partners/partners-page';
import { PortalShell } from './pages/partners/portal-shell';
import { ConfirmPayoutDetails, takePayoutDetailsCode } from './pages/partners/confirm-payout-details';
import { WorkspaceSwitcher } from './components/shell/workspace-switcher';
import { chooseWorkspace, chosenWorkspace, rememberShownWorkspace, WORKSPACE_SWITCHED_EVENT } from './lib/workspace-choice';
import { WORKSPACE_CHANGED_EVENT, WorkspaceProvider, type WorkspaceInfo } from './workspace-context';

const NAV_KEYS = {
  overview: 'nav.overview',
  attribution: 'nav.attribution',
  experiments: 'nav.experiments',
  customers: 'nav.customers',
  budget: 'nav.budget',
  partners: 'nav.partners',
  imports: 'nav.imports',
  settings: 'nav.settings',
  agency: 'nav.agency',
} as const satisfies Record<Page, string>;

/** Where the browser stands: finding out, signed in, not signed in, or refused (bad code, ended session). */
export type SignInState = 'checking' | 'signed-in' | 'signed-out' | 'rejected';

/**
 * The shell: sign-in when the browser holds no session (the session cookie
 * is HttpOnly: scripts never see it), otherwise the header, the navigation
 * and the current page.
 */
export function App({ signedIn, passwordLink = null }: { signedIn: Promise<Exclude<SignInState, 'checking'>>; passwordLink?: PasswordLink | null }) {
  const [state, setState] = useState<SignInState>('checking');
  const [generation, setGeneration] = useState(0);
  const [link, setLink] = useState<PasswordLink | null>(passwordLink);
  // A partner's payout details link confirms without signing in: the code is the credential.
  const [payoutCode] = useState(takePayoutDetailsCode);
  const signedInNow = useCallback(() => {
    setLink(null);
    setGeneration((n) => n + 1);
    setState('signed-in');
  }, []);

  useEffect(() => {
    let live = true;
    signedIn.then((next) => live && setState(next));
    return () => {
      live = false;
    };
  }, [signedIn]);

  const signInWith = useCallback((code: string) => {
    exchangeCode(code)
      .then((ok) => {
        if (ok) setGeneration((n) => n + 1);
        setState(ok ? 'signed-in' : 'rejected');
      })
      .catch(() => setState('rejected'));
  }, []);

  // A sign-in link opened in a tab that already shows the dashboard changes only the fragment: no reload.
  useEffect(() => {
    const onHashChange = () => {
      const opened = takePasswordLink();
      if (opened) return setLink(opened);
      const code = takeSignInCode();
      if (code) signInWith(code);
    };
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, [signInWith]);

  // Another workspace chosen in the switcher: every page and the workspace itself are read anew there.
  useEffect(() => {
    const onSwitch = () => setGeneration((n) => n + 1);
    window.addEventListener(WORKSPACE_SWITCHED_EVENT, onSwitch);
    return () => window.removeEventListener(WORKSPACE_SWITCHED_EVENT, onSwitch);
  }, []);

  useEffect(() => {
    const onUnauthorized = () => setState('rejected');
    window.addEventListener(UNAUTHORIZED_EVENT, onUnauthorized);
    return () => window.removeEventListener(UNAUTHORIZED_EVENT, onUnauthorized);
  }, []);

  if (payoutCode) return <ConfirmPayoutDetails code={payoutCode} />;
  if (link) return <ChoosePassword link={link} onSignedIn={signedInNow} />;
  if (state === 'checking') {
    return (
      <main className="boot">
        <Loading />
      </main>
    );
  }
  if (state !== 'signed-in') {
    return (
      <SignIn
        rejected={state === 'rejected'}
        onSubmit={signInWith}
        onSignedIn={signedInNow}
      />
    );
  }
  return (
    <DemoLoadingGate>
      <Workspace
        key={generation}
        onSignOut={(everywhere) => {
          void (everywhere ? signOutEverywhere() : signOut()).then(() => {
            chooseWorkspace(null);
            setState('signed-out');
          });
        }}
      />
    </DemoLoadingGate>
  );
}

function Workspace({ onSignOut }: { onSignOut(everywhere: boolean): void }) {
  const [reload, setReload] = useState(0);
  const [settingsVersion, setSettingsVersion] = useState(0);
  const workspace = useApi<Workspace>('/v1/workspace', reload + settingsVersion);
  const metrics = useApi<MetricsAnswer>('/v1/metrics', reload);

  // Settings changed (currency, time zone): read the workspace again, keeping the page on screen meanwhile.
  useEffect(() => {
    const onChange = () => setSettingsVersion((n) => n + 1);
    window.addEventListener(WORKSPACE_CHANGED_EVENT, onChange);
    return () => window.removeEventListener(WORKSPACE_CHANGED_EVENT, onChange);
  }, []);
  const last = useRef<WorkspaceInfo | null>(null);
  const info = useMemo<WorkspaceInfo | null>(() => {
    if (workspace.status !== 'ok' || metrics.status === 'loading') return settingsVersion > 0 ? last.current : null;
    const list = metrics.status === 'ok' && Array.isArray(metrics.data.metrics) ? metrics.data.metrics : [];
    return { workspace: workspace.data, metrics: new Map(list.map((metric) => [metric.name, metric])) };
  }, [workspace, metrics, settingsVersion]);
  last.current = info;

  // A remembered workspace this session can no longer see (404): back to the session's own.
  const gone = workspace.status === 'error' && workspace.error.status === 404 && chosenWorkspace() !== null;
  useEffect(() => {
    if (gone) chooseWorkspace(null);
  }, [gone]);
  const shownId = workspace.status === 'ok' ? workspace.data.id : null;
  useEffect(() => {
    if (shownId) rememberShownWorkspace(shownId);
  }, [shownId]);

  // A partner reads nothing of the workspace (403): their portal is all they see.
  if (workspace.status === 'error' && workspace.error.status === 403) return <PortalShell onSignOut={onSignOut} onRetry={() => setReload((n) => n + 1)} error={workspace.error} />;
  if (workspace.status === 'error') {
    return (
      <main className="boot">
        <ErrorState error={workspace.error} onRetry={() => setReload((n) => n + 1)} />
      </main>
    );
  }
  if (!info) {
    return (
      <main className="boot">
        <Loading />
      </main>
    );
  }
  return (
    <WorkspaceProvider value={info}>
      <Shell workspace={info.workspace} onSignOut={onSignOut} />
    </WorkspaceProvider>
  );
}

function Shell({ workspace, onSignOut }: { workspace: Workspace; onSignOut(everywhere: boolean): void }) {
  const { t, locale } = useI18n();
  const route = useRoute();
  const today = todayIn(workspace.timezone);
  const choice = useMemo(() => readRange(route.query, today, workspace.calendar ?? 'gregorian'), [route.query, today, workspace.calendar]);
  const setChoice = (next: Pick<RangeChoice, 'preset' | 'range' | 'comparison'>) => replaceQuery(writeRange(route.query, next));
  const navQuery = rangeOnly(route.query);

  useEffect(() => {
    document.title = `${t(NAV_KEYS[route.page])} · roilens`;
  }, [route.page, t]);

  return (
    <div className="layout">
      <header className="header">
        <a className="brand" href={href('overview', undefined, navQuery)}>
          {t('app.title')}
        </a>
        <span className="header__workspace" data-testid="workspace-name" title={t('header.workspace')}>
          <bdi translate="no">{workspace.name}</bdi>
          <span className="muted">
            {' · '}
            <span data-testid="header-currency" translate="no">{workspace.currency}</span>
            {' · '}
            <span data-testid="header-timezone" translate="no">{workspace.timezone}</span>
            {' · '}
            {workspace.data_from && workspace.data_to
              ? t('header.dataRange', {
                  from: formatDate(workspace.data_from, locale),
                  to: formatDate(workspace.data_to, locale),
                })
              : t('header.noData')}
          </span>
        </span>
        <WorkspaceSwitcher current={workspace} />
        <span className="header__spacer" />
        <LocaleSelect />
        <button type="button" className="button button--quiet" onClick={() => onSignOut(false)} data-testid="sign-out">
          {t('header.signOut')}
        </button>
        <button type="button" className="button button--quiet" onClick={() => onSignOut(true)} data-testid="sign-out-everywhere">
          {t('header.signOutEverywhere')}
        </button>
      </header>
      <nav className="nav" aria-label={t('nav.label')}>
        <ul>
          {PAGES.map((page) => (
            <li key={page}>
              <a
                href={href(page, undefined, navQuery)}
                className="nav__link"
                aria-current={route.page === page ? 'page' : undefined}
                data-testid={`nav-${page}`}
              >
                {t(NAV_KEYS[page])}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main className="content" data-testid={`page-${route.page}`}>
        <DataFreshness key={route.page} dataTo={workspace.data_to} timezone={workspace.timezone} />
        <ErrorBoundary resetKey={`${route.page}/${route.param ?? ''}`} fallback={<p className="state state--error">{t('state.crashed')}</p>}>
          {route.page === 'overview' ? <OverviewPage choice={choice} onChoice={setChoice} /> : null}
          {route.page === 'attribution' ? <AttributionPage choice={choice} onChoice={setChoice} /> : null}
          {route.page === 'experiments' ? <ExperimentsPage experimentId={route.param} /> : null}
          {route.page === 'customers' ? <CustomersPage /> : null}
          {route.page === 'budget' ? workspace.data_from ? <BudgetPage /> : <NoDataYet title={t('nav.budget')} /> : null}
          {route.page === 'partners' ? <PartnersPage /> : null}
          {route.page === 'imports' ? <ImportsPage /> : null}
          {route.page === 'settings' ? <SettingsPage /> : null}
          {route.page === 'agency' ? <AgencyPage choice={choice} onChoice={setChoice} /> : null}
        </ErrorBoundary>
      </main>
    </div>
  );
}
