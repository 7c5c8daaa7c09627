import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { I18nProvider } from './i18n/i18n-context';
import { captureToken } from './lib/auth';
import './styles.css';

const initialToken = captureToken();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider>
      <App initialToken={initialToken} />
    </I18nProvider>
  </StrictMode>,
);
