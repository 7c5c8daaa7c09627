import { useState, type FormEvent } from 'react';
import { useI18n } from '../../i18n/i18n-context';
import { formatCount } from '../../lib/format/format';
import { acceptPasswordLink, type PasswordLink, type SignInRefusal } from '../../lib/password-sign-in';
import { RefusalNotice } from './sign-in';

/** The server's shortest password (src/operations/session/passwords.ts `passwordLength.min`). */
const PASSWORD_MIN = 10;

/** Opened by an invitation (`#invite=`) or reset (`#reset=`) link: choose a password, which signs in. */
export function ChoosePassword({ link, onSignedIn }: { link: PasswordLink; onSignedIn(): void }) {
  const { t, locale } = useI18n();
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<SignInRefusal | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const min = formatCount(PASSWORD_MIN, locale);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (password.length < PASSWORD_MIN) return setProblem(t('signin.choose.short', { min }));
    if (password !== repeat) return setProblem(t('signin.choose.mismatch'));
    setProblem(null);
    setBusy(true);
    void acceptPasswordLink(link.code, password).then((refused) => {
      setBusy(false);
      if (refused) setRefusal(refused);
      else onSignedIn();
    });
  };
  return (
    <main className="sign-in" data-testid="choose-password">
      <form className="sign-in__form card" onSubmit={submit}>
        <h1>{t(link.purpose === 'invite' ? 'signin.choose.invite' : 'signin.choose.reset')}</h1>
        <p className="muted">{t('signin.choose.help', { min })}</p>
        {problem ? (
          <p className="notice notice--bad" role="alert" data-testid="choose-password-problem">
            {problem}
          </p>
        ) : null}
        <RefusalNotice refusal={refusal} />
        <label className="field field--block">
          <span className="field__label">{t('signin.choose.password')}</span>
          <input type="password" autoComplete="new-password" data-testid="choose-password-new" value={password} onChange={(event) => setPassword(event.target.value)} required dir="ltr" />
        </label>
        <label className="field field--block">
          <span className="field__label">{t('signin.choose.repeat')}</span>
          <input type="password" autoComplete="new-password" data-testid="choose-password-repeat" value={repeat} onChange={(event) => setRepeat(event.target.value)} required dir="ltr" />
        </label>
        <button type="submit" className="button button--primary" data-testid="choose-password-submit" disabled={busy}>
          {t('signin.choose.submit')}
        </button>
      </form>
    </main>
  );
}
