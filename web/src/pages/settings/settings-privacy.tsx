import { useState, type FormEvent } from 'react';
import { NumberInput } from '../../components/inputs/number-input';
import { useI18n } from '../../i18n/i18n-context';
import { ApiError, apiSend } from '../../lib/api';
import type { Workspace } from '../../lib/api-types.generated';

interface PersonErasure {
  removed: { events: number; traits: number; orders: number; leads: number };
}

const failureText = (failure: unknown) => (failure instanceof ApiError ? failure.message : String(failure));

/**
 * Settings › Privacy (issue 12 #14): the workspace's retention period for raw events
 * (`retention_days` through `PATCH /v1/workspace`; empty keeps them forever) and erasing a
 * person by id (`DELETE /v1/people/:id`) after an explicit confirmation.
 */
export function PrivacySection({ workspace }: { workspace: Workspace }) {
  const { t } = useI18n();
  const initial = (workspace as Workspace & { retention_days?: number | null }).retention_days;
  const [saved, setSaved] = useState(initial == null ? '' : String(initial));
  const [days, setDays] = useState(saved);
  const [person, setPerson] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: 'error' | 'done'; text: string; testId: string } | null>(null);

  const saveRetention = (event: FormEvent) => {
    event.preventDefault();
    const value = days.trim();
    if (value === saved) return;
    setBusy(true);
    setMessage(null);
    apiSend('/v1/workspace', { retention_days: value === '' ? null : Number(value) }, 'PATCH').then(
      () => {
        setBusy(false);
        setSaved(value);
        setMessage({ kind: 'done', text: t('privacy.saved'), testId: 'retention-saved' });
      },
      (failure: unknown) => {
        setBusy(false);
        setMessage({ kind: 'error', text: failureText(failure), testId: 'privacy-error' });
      },
    );
  };

  const askErase = (event: FormEvent) => {
    event.preventDefault();
    if (person.trim() !== '') setConfirming(true);
  };

  const erase = () => {
    setBusy(true);
    setMessage(null);
    apiSend<PersonErasure>(`/v1/people/${encodeURIComponent(person.trim())}`, {}, 'DELETE').then(
      (answer) => {
        setBusy(false);
        setConfirming(false);
        setPerson('');
        const { events, orders, leads } = answer.removed;
        setMessage({ kind: 'done', text: t('privacy.erased', { events: String(events), orders: String(orders), leads: String(leads) }), testId: 'erase-done' });
      },
      (failure: unknown) => {
        setBusy(false);
        setConfirming(false);
        setMessage({ kind: 'error', text: failureText(failure), testId: 'privacy-error' });
      },
    );
  };

  return (
    <section className="card" aria-labelledby="privacy-title">
      <h2 id="privacy-title" className="section-title">
        {t('privacy.title')}
      </h2>
      <p className="muted">{t('privacy.help')}</p>
      <form className="budget-form" onSubmit={saveRetention} data-testid="retention-form">
        <label className="field">
          <span className="field__label">{t('privacy.retention')}</span>
          <NumberInput data-testid="retention-input" value={days} placeholder={t('privacy.retentionForever')} onChange={(value) => setDays(value.replace(/[^0-9]/g, ''))} />
        </label>
        <button type="submit" className="button button--primary" disabled={busy} data-testid="retention-submit">
          {t('settings.save')}
        </button>
      </form>
      <p className="muted">{t('privacy.retentionHelp')}</p>
      <form className="budget-form" onSubmit={askErase} data-testid="erase-form">
        <label className="field">
          <span className="field__label">{t('privacy.eraseId')}</span>
          <input type="text" dir="ltr" data-testid="erase-input" value={person} maxLength={256} onChange={(event) => { setPerson(event.target.value); setConfirming(false); }} />
        </label>
        <button type="submit" className="button" disabled={busy || person.trim() === ''} data-testid="erase-submit">
          {t('privacy.eraseButton')}
        </button>
      </form>
      {confirming ? (
        <div role="alertdialog" aria-labelledby="erase-confirm-text" className="state state--error" data-testid="erase-confirm">
          <p id="erase-confirm-text">{t('privacy.eraseConfirm', { id: person.trim() })}</p>
          <button type="button" className="button button--primary" disabled={busy} onClick={erase} data-testid="erase-confirm-button">
            {t('privacy.eraseConfirmButton')}
          </button>{' '}
          <button type="button" className="button" disabled={busy} onClick={() => setConfirming(false)}>
            {t('privacy.cancel')}
          </button>
        </div>
      ) : null}
      {message ? (
        <p className={message.kind === 'error' ? 'state state--error' : 'muted'} role="status" data-testid={message.testId}>
          {message.text}
        </p>
      ) : null}
    </section>
  );
}
