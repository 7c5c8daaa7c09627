import { useRef, useState, type FormEvent } from 'react';
import { useI18n } from '../i18n/i18n-context';
import { ApiError, apiSend } from '../lib/api';
import type { ShareLinksAnswer } from '../lib/api-types.generated';
import { shareRequestOf, type ShareTarget } from '../lib/share-params';
import { useApi } from '../lib/use-api';
import { CopyLine } from './copy-line';
import { NumberInput } from './inputs/number-input';

/** Creates a share link to `target` (`POST /v1/share-links`); resolves to its URL, which the API answers only once. */
export async function createShareLink(target: ShareTarget, expiresInDays: number): Promise<string> {
  const answer = await apiSend<{ url: string }>('/v1/share-links', { ...shareRequestOf(target), expires_in_days: expiresInDays });
  return answer.url;
}

/** Whether this session may make share links: the list answers (a 401 or 403 means it may not; unknown while loading). */
export function useMayShare(): boolean {
  const probe = useApi<ShareLinksAnswer>('/v1/share-links');
  return probe.status === 'ok' || (probe.status === 'error' && probe.error.status !== 401 && probe.error.status !== 403);
}

/**
 * A report page's Share button: a dialog asks the expiry (1 to 90 days, default 30), makes a read-only
 * link to `target` (the page's current filters) and shows its URL once with a copy button. Hidden for
 * whoever may not make share links.
 */
export function ShareButton({ target }: { target: ShareTarget }) {
  const { t } = useI18n();
  const allowed = useMayShare();
  const dialog = useRef<HTMLDialogElement>(null);
  const [days, setDays] = useState('30');
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!allowed) return null;
  const open = () => {
    setUrl(null);
    setError(null);
    dialog.current?.showModal();
  };
  const create = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setBusy(true);
    createShareLink(target, Number(days)).then(
      (made) => setUrl(made),
      (failure: unknown) => setError(failure instanceof ApiError ? failure.message : String(failure)),
    ).finally(() => setBusy(false));
  };
  return (
    <>
      <button type="button" className="button" onClick={open} data-testid="share-open">{t('share.button')}</button>
      <dialog ref={dialog} className="card share-dialog" aria-labelledby="share-dialog-title" data-testid="share-dialog" onClose={() => setUrl(null)}>
        <h2 id="share-dialog-title" className="section-title">{t('share.dialogTitle')}</h2>
        <p className="muted">{t('share.dialogHelp')}</p>
        {url ? (
          <>
            <p className="muted" role="status">{t('share.created')}</p>
            <CopyLine testId="share-dialog-url" text={url} />
          </>
        ) : (
          <form className="budget-form" onSubmit={create}>
            <label className="field">
              <span className="field__label">{t('share.days')}</span>
              <NumberInput required value={days} onChange={setDays} data-testid="share-days" />
            </label>
            <button type="submit" className="button button--primary" disabled={busy} data-testid="share-create">{t('share.create')}</button>
          </form>
        )}
        {error ? <p className="state state--error" role="alert">{error}</p> : null}
        <form method="dialog"><button type="submit" className="button button--quiet" data-testid="share-close">{t('share.close')}</button></form>
      </dialog>
    </>
  );
}
