import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, type SignInState } from './app';
import { I18nProvider } from './i18n/i18n-context';
import { exchangeCode, hasSession, takeSignInCode } from './lib/auth';
import './styles.css';

// Once, before anything renders: a code in the address is spent (it works only once) and removed.
const code = takeSignInCode();
const signedIn: Promise<Exclude<SignInState, 'checking'>> = (code ? exchangeCode(code).then((ok) => (ok ? 'signed-in' : 'rejected')) : hasSession().then((ok) => (ok ? 'signed-in' : 'signed-out'))).catch(
  () => 'signed-out' as const,
);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider>
      <App signedIn={signedIn} />
    </I18nProvider>
  </StrictMode>,
);
