import { useState } from 'react';
import { ApiView } from '../../components/state-view';
import { useI18n } from '../../i18n/i18n-context';
import type { PartnerLedgerAnswer, PartnersAnswer } from '../../lib/api-types.generated';
import { useApi } from '../../lib/use-api';
import { LedgerBalance, LedgerTable } from './ledger-table';
import { send } from './send';

type Reason = 'fraud' | 'duplicate' | 'test' | 'other';

/** A partner's ledger with its balance; held commissions are approved or rejected together, with a reason. */
export function ReviewSection({ partners, canWrite, timezone }: { partners: PartnersAnswer['partners']; canWrite: boolean; timezone: string }) {
  const { t } = useI18n();
  const [partner, setPartner] = useState(partners[0]?.id ?? '');
  const [reload, setReload] = useState(0);
  const ledger = useApi<PartnerLedgerAnswer>(partner ? `/v1/partners/${encodeURIComponent(partner)}/ledger?limit=500` : null, reload);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [reason, setReason] = useState<Reason>('fraud');
  const [error, setError] = useState<string | null>(null);

  const toggle = (id: string) => setSelected((now) => {
    const next = new Set(now);
    if (!next.delete(id)) next.add(id);
    return next;
  });
  const decide = (decision: 'approve' | 'reject') => {
    setError(null);
    void send('/v1/partners/review', { ids: [...selected], decision, ...(decision === 'reject' ? { reason } : {}) }).then((result) => {
      if (!result.ok) return setError(result.error);
      setSelected(new Set());
      setReload((n) => n + 1);
    });
  };

  return (
    <section className="card" aria-labelledby="review-title">
      <h2 id="review-title" className="section-title">{t('partners.review')}</h2>
      <p className="muted">{t('partners.reviewHelp')}</p>
      <label className="field"><span className="field__label">{t('partners.choosePartner')}</span>
        <select value={partner} data-testid="review-partner" onChange={(e) => { setPartner(e.target.value); setSelected(new Set()); }}>
          {partners.map((p) => <option key={p.id} value={p.id} translate="no">{p.name}</option>)}
        </select></label>
      <ApiView state={ledger} onRetry={() => setReload((n) => n + 1)}>
        {(data) => (
          <>
            <LedgerBalance ledger={data} />
            <LedgerTable ledger={data} timezone={timezone} {...(canWrite ? { selected, onToggle: toggle } : {})} />
          </>
        )}
      </ApiView>
      {canWrite && selected.size > 0 ? (
        <div className="budget-form" data-testid="review-actions">
          <button type="button" className="button button--primary" data-testid="review-approve" onClick={() => decide('approve')}>{t('partners.approveSelected')}</button>
          <label className="field"><span className="field__label">{t('partners.rejectReason')}</span>
            <select value={reason} data-testid="review-reason" onChange={(e) => setReason(e.target.value as Reason)}>
              {(['fraud', 'duplicate', 'test', 'other'] as const).map((r) => <option key={r} value={r}>{t(`partners.reason.${r}`)}</option>)}
            </select></label>
          <button type="button" className="button" data-testid="review-reject" onClick={() => decide('reject')}>{t('partners.rejectSelected')}</button>
        </div>
      ) : null}
      {error ? <p className="state state--error" role="status" data-testid="review-error">{error}</p> : null}
    </section>
  );
}
