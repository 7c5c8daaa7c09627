import { useState, type FormEvent } from 'react';
import { useI18n } from '../i18n/i18n-context';

/** The admin-token form shown when there is no token or the API refused it. */
export function SignIn({ rejected, onSubmit }: { rejected: boolean; onSubmit(token: string): void }) {
  const { t } = useI18n();
  const [token, setToken] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (token.trim()) onSubmit(token.trim());
  };
  return (
    <main className="sign-in">
      <form className="sign-in__form card" onSubmit={submit} data-testid="sign-in">
        <h1>{t('signin.title')}</h1>
        <p className="muted">{t('signin.help')}</p>
        {rejected ? (
          <p className="notice notice--bad" role="alert" data-testid="sign-in-rejected">
            {t('signin.rejected')}
          </p>
        ) : null}
        <label className="field field--block">
          <span className="field__label">{t('signin.token')}</span>
          <input
            type="password"
            autoComplete="current-password"
            data-testid="sign-in-token"
            value={token}
            onChange={(event) => setToken(event.target.value)}
            required
          />
        </label>
        <button type="submit" className="button button--primary" data-testid="sign-in-submit">
          {t('signin.submit')}
        </button>
      </form>
    </main>
  );
}
