import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, type SignInState } from './app';
import { I18nProvider } from './i18n/i18n-context';
import { exchangeCode, hasSession, takeSignInCode } from './lib/auth';
import { takePasswordLink } from './lib/password-sign-in';
import { SharedPage, shareTokenOf } from './pages/shared';
import './styles.css';

// A share link opens its one report read-only, with its own token: no session, no navigation.
const shareToken = shareTokenOf(window.location.hash);

// Once, before anything renders: a code in the address is spent (it works only once) and removed; an
// invitation or reset link is removed too and opens the form that chooses a password.
const passwordLink = shareToken ? null : takePasswordLink();
const code = shareToken ? undefined : takeSignInCode();
const signedIn: Promise<Exclude<SignInState, 'checking'>> = (code ? exchangeCode(code).then((ok) => (ok ? 'signed-in' : 'rejected')) : hasSession().then((ok) => (ok ? 'signed-in' : 'signed-out'))).catch(
  () => 'signed-out' as const,
);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider>
      {shareToken ? <SharedPage token={shareToken} /> : <App signedIn={signedIn} passwordLink={passwordLink} />}
    </I18nProvider>
  </StrictMode>,
);
