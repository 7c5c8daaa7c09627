import { useState, type FormEvent } from 'react';
import { useI18n } from '../../i18n/i18n-context';
import { codeFromInput } from '../../lib/auth';
import { formatCount } from '../../lib/format/format';
import { requestPasswordReset, signInWithPassword, type SignInRefusal } from '../../lib/password-sign-in';

/** What a refusal says, in the reader's language. */
export function RefusalNotice({ refusal }: { refusal: SignInRefusal | null }) {
  const { t, locale } = useI18n();
  if (!refusal) return null;
  const text =
    refusal.kind === 'credentials' ? t('signin.wrongCredentials')
    : refusal.kind === 'totp-needed' ? t('signin.totpNeeded')
    : refusal.kind === 'totp-wrong' ? t('signin.totpWrong')
    : refusal.kind === 'link' ? t('signin.choose.badLink')
    : refusal.kind === 'email-first' ? t('signin.forgotEmail')
    : refusal.kind === 'wait' ? t('signin.wait', { seconds: formatCount(refusal.seconds, locale) })
    : t('signin.failed', { message: refusal.message });
  return (
    <p className={`notice ${refusal.kind === 'totp-needed' ? '' : 'notice--bad'}`} role="alert" data-testid={`sign-in-error-${refusal.kind}`}>
      {text}
    </p>
  );
}

/**
 * Shown when the browser is not signed in: an e-mail and password (and the authenticator's code once
 * the server asks for it), or a sign-in link (or its code) from `roilens signin-link`.
 */
export function SignIn({ rejected, onSubmit, onSignedIn }: { rejected: boolean; onSubmit(code: string): void; onSignedIn(): void }) {
  const { t } = useI18n();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const [askTotp, setAskTotp] = useState(false);
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<SignInRefusal | null>(null);
  const [text, setText] = useState('');
  const [resetFor, setResetFor] = useState<string | null>(null);

  const askReset = () => {
    setResetFor(null);
    if (!email.trim()) return setRefusal({ kind: 'email-first' });
    void requestPasswordReset(email).then((refused) => {
      setRefusal(refused);
      if (!refused) setResetFor(email.trim());
    });
  };

  const submitPassword = (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    void signInWithPassword(email, password, askTotp ? totp : undefined).then((refused) => {
      setBusy(false);
      if (!refused) return onSignedIn();
      if (refused.kind === 'totp-needed' || refused.kind === 'totp-wrong') setAskTotp(true);
      setRefusal(refused);
    });
  };
  const submitCode = (event: FormEvent) => {
    event.preventDefault();
    const code = codeFromInput(text);
    if (code) onSubmit(code);
  };
  return (
    <main className="sign-in" data-testid="sign-in">
      <div className="sign-in__forms">
        <form className="sign-in__form card" onSubmit={submitPassword} data-testid="sign-in-password-form">
          <h1>{t('signin.title')}</h1>
          {rejected ? (
            <p className="notice notice--bad" role="alert" data-testid="sign-in-rejected">
              {t('signin.rejected')}
            </p>
          ) : null}
          <RefusalNotice refusal={refusal} />
          {resetFor ? (
            <p className="notice" role="status" data-testid="sign-in-reset-sent">
              {t('signin.forgotSent', { email: resetFor })}
            </p>
          ) : null}
          <label className="field field--block">
            <span className="field__label">{t('signin.email')}</span>
            <input type="email" autoComplete="username" data-testid="sign-in-email" value={email} onChange={(event) => setEmail(event.target.value)} required dir="ltr" />
          </label>
          <label className="field field--block">
            <span className="field__label">{t('signin.password')}</span>
            <input type="password" autoComplete="current-password" data-testid="sign-in-password" value={password} onChange={(event) => setPassword(event.target.value)} required dir="ltr" />
          </label>
          {askTotp ? (
            <label className="field field--block">
              <span className="field__label">{t('signin.totp')}</span>
              <input inputMode="numeric" autoComplete="one-time-code" pattern="[0-9 ]{6,7}" data-testid="sign-in-totp" value={totp} onChange={(event) => setTotp(event.target.value)} required autoFocus dir="ltr" />
            </label>
          ) : null}
          <button type="submit" className="button button--primary" data-testid="sign-in-password-submit" disabled={busy}>
            {t('signin.passwordSubmit')}
          </button>{' '}
          <button type="button" className="button button--quiet" data-testid="sign-in-forgot" onClick={askReset}>
            {t('signin.forgot')}
          </button>
        </form>
        <form className="sign-in__form card" onSubmit={submitCode} data-testid="sign-in-link-form">
          <h2>{t('signin.withLink')}</h2>
          <p className="muted">{t('signin.help')}</p>
          <label className="field field--block">
            <span className="field__label">{t('signin.code')}</span>
            <input type="password" autoComplete="off" data-testid="sign-in-code" value={text} onChange={(event) => setText(event.target.value)} required />
          </label>
          <button type="submit" className="button" data-testid="sign-in-submit">
            {t('signin.submit')}
          </button>
        </form>
      </div>
    </main>
  );
}
