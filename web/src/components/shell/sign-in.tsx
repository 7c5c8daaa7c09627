import { useState, type FormEvent } from 'react';
import { useI18n } from '../../i18n/i18n-context';
import { codeFromInput } from '../../lib/auth';

/** Shown when the browser is not signed in: paste a sign-in link (or its code) from `roilens signin-link`. */
export function SignIn({ rejected, onSubmit }: { rejected: boolean; onSubmit(code: string): void }) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const code = codeFromInput(text);
    if (code) onSubmit(code);
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
          <span className="field__label">{t('signin.code')}</span>
          <input
            type="password"
            autoComplete="off"
            data-testid="sign-in-code"
            value={text}
            onChange={(event) => setText(event.target.value)}
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
