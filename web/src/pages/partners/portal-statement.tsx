import { useState, type FormEvent } from 'react';
import { useI18n } from '../../i18n/i18n-context';
import { apiDownload } from '../../lib/api';
import { useApi } from '../../lib/use-api';
import { send } from './send';

/** `2026-11` → the month's first and last days. */
function monthRange(month: string): { from: string; to: string } {
  const [year, m] = month.split('-').map(Number);
  const last = new Date(Date.UTC(year, m, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` };
}

/** The current month as `YYYY-MM`. */
const thisMonth = () => new Date().toISOString().slice(0, 7);

/**
 * The partner's statement for a month as a PDF in their language, and their postback URL
 * (the server checks it as it checks every outbound target and names the field it refuses).
 */
export function PortalStatement() {
  const { t } = useI18n();
  const [month, setMonth] = useState(thisMonth());
  const [error, setError] = useState<string | null>(null);
  const postbacks = useApi<{ postback_url: string | null }>('/v1/portal/postbacks?limit=1');
  const [url, setUrl] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const shown = url ?? (postbacks.status === 'ok' ? postbacks.data.postback_url ?? '' : '');

  const download = () => {
    setError(null);
    const { from, to } = monthRange(month);
    void apiDownload(`/v1/portal/statement.pdf?from=${from}&to=${to}`, `statement-${month}.pdf`).catch((failure: unknown) => setError(String(failure)));
  };
  const save = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setSaved(false);
    void send('/v1/portal/postback', { postback_url: shown.trim() === '' ? null : shown.trim() }, 'PUT').then((result) => (result.ok ? setSaved(true) : setError(result.error)));
  };

  return (
    <section className="card" aria-labelledby="portal-statement-title">
      <h2 id="portal-statement-title" className="section-title">{t('portal.statement')}</h2>
      <div className="budget-form">
        <label className="field"><span className="field__label">{t('portal.statementMonth')}</span>
          <input type="month" value={month} max={thisMonth()} data-testid="portal-month" onChange={(e) => setMonth(e.target.value)} /></label>
        <button type="button" className="button" data-testid="portal-statement-pdf" onClick={download}>{t('portal.downloadStatement')}</button>
      </div>
      <h3 className="section-title">{t('portal.postback')}</h3>
      <p className="muted">{t('portal.postbackHelp')}</p>
      <form className="budget-form" onSubmit={save} data-testid="portal-postback-form">
        <label className="field"><span className="field__label">{t('portal.postback')}</span>
          <input type="url" dir="ltr" value={shown} placeholder="https://" data-testid="portal-postback-url" onChange={(e) => { setUrl(e.target.value); setSaved(false); }} /></label>
        <button type="submit" className="button button--primary" data-testid="portal-postback-save">{t('portal.savePostback')}</button>
      </form>
      {saved ? <p className="muted" role="status" data-testid="portal-postback-saved">{t('portal.saved')}</p> : null}
      {error ? <p className="state state--error" role="status" data-testid="portal-error">{error}</p> : null}
    </section>
  );
}
