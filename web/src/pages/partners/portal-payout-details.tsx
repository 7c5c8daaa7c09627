import { useState, type FormEvent } from 'react';
import { useI18n } from '../../i18n/i18n-context';
import type { PayoutDetailsAnswer, PayoutDetailsRequestAnswer } from '../../lib/api-types.generated';
import { useApi } from '../../lib/use-api';
import { send } from './send';

type Method = 'paypal' | 'bank';

/**
 * Where the partner is paid: the confirmed details, masked, and a form that asks to change them.
 * A change takes effect only once confirmed through the link sent to the partner's known e-mail.
 */
export function PortalPayoutDetails({ partnerId }: { partnerId: string }) {
  const { t } = useI18n();
  const path = `/v1/partners/${encodeURIComponent(partnerId)}/payout-details`;
  const current = useApi<PayoutDetailsAnswer>(path);
  const [method, setMethod] = useState<Method>('bank');
  const [form, setForm] = useState({ paypal_email: '', iban: '', account_name: '' });
  const [asked, setAsked] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setAsked(false);
    const body = method === 'paypal' ? { method, paypal_email: form.paypal_email.trim() } : { method, iban: form.iban.replace(/\s/g, ''), account_name: form.account_name.trim() };
    void send<PayoutDetailsRequestAnswer>(path, body, 'PUT').then((result) => (result.ok ? setAsked(true) : setError(result.error)));
  };
  const details = current.status === 'ok' ? current.data.details : null;

  return (
    <section className="card" aria-labelledby="portal-details-title">
      <h2 id="portal-details-title" className="section-title">{t('portal.payoutDetails')}</h2>
      <p className="muted" data-testid="portal-details-current">
        {details ? <bdi translate="no" dir="ltr">{details.method === 'paypal' ? details.paypal_email : details.iban}</bdi> : t('portal.noPayoutDetails')}
      </p>
      <form className="budget-form" onSubmit={submit} data-testid="portal-details-form">
        <label className="field"><span className="field__label">{t('portal.payoutMethod')}</span>
          <select value={method} data-testid="portal-details-method" onChange={(e) => setMethod(e.target.value as Method)}>
            <option value="bank">{t('portal.method.bank')}</option>
            <option value="paypal" translate="no">PayPal</option>
          </select></label>
        {method === 'paypal' ? (
          <label className="field"><span className="field__label">{t('partners.email')}</span>
            <input type="email" dir="ltr" required value={form.paypal_email} data-testid="portal-details-paypal" onChange={(e) => setForm({ ...form, paypal_email: e.target.value })} /></label>
        ) : (
          <>
            <label className="field"><span className="field__label">{t('portal.iban')}</span>
              <input dir="ltr" required value={form.iban} data-testid="portal-details-iban" onChange={(e) => setForm({ ...form, iban: e.target.value })} /></label>
            <label className="field"><span className="field__label">{t('portal.accountName')}</span>
              <input required value={form.account_name} data-testid="portal-details-name" onChange={(e) => setForm({ ...form, account_name: e.target.value })} /></label>
          </>
        )}
        <button type="submit" className="button button--primary" data-testid="portal-details-submit">{t('portal.askChange')}</button>
      </form>
      {asked ? <p className="muted" role="status" data-testid="portal-details-asked">{t('portal.checkEmail')}</p> : null}
      {error ? <p className="state state--error" role="status" data-testid="portal-details-error">{error}</p> : null}
    </section>
  );
}
