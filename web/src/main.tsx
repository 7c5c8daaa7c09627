import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, type SignInState } from './app';
import { I18nProvider } from './i18n/i18n-context';
import { exchangeCode, hasSession, takeSignInCode } from './lib/auth';
import { takePasswordLink } from './lib/password-sign-in';
import './styles.css';

// Once, before anything renders: a code in the address is spent (it works only once) and removed; an
// invitation or reset link is removed too and opens the form that chooses a password.
const passwordLink = takePasswordLink();
const code = takeSignInCode();
const signedIn: Promise<Exclude<SignInState, 'checking'>> = (code ? exchangeCode(code).then((ok) => (ok ? 'signed-in' : 'rejected')) : hasSession().then((ok) => (ok ? 'signed-in' : 'signed-out'))).catch(
  () => 'signed-out' as const,
);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider>
      <App signedIn={signedIn} passwordLink={passwordLink} />
    </I18nProvider>
  </StrictMode>,
);
