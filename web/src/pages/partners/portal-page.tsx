import { CopyLine } from '../../components/copy-line';
import { DataTable } from '../../components/data-table';
import { ApiView, Empty } from '../../components/state-view';
import { useI18n } from '../../i18n/i18n-context';
import type { PartnerLedgerAnswer, PayoutRunsAnswer, PortalMeAnswer } from '../../lib/api-types.generated';
import { formatDate, formatMoney } from '../../lib/format/format';
import { useApi } from '../../lib/use-api';
import { LedgerBalance, LedgerTable } from './ledger-table';
import { PortalPayoutDetails } from './portal-payout-details';
import { PortalStatement } from './portal-statement';

/**
 * The partner portal (issue 16): what a person with the `partner` role sees, and all they see —
 * their links and coupons, their ledger with its balance, their payouts and statements. Every read
 * is a `/v1/portal/*` operation that answers only the signed-in partner's own figures.
 */
export function PortalPage({ me }: { me: PortalMeAnswer }) {
  const { t, locale } = useI18n();
  const ledger = useApi<PartnerLedgerAnswer>('/v1/portal/ledger?limit=500');
  const payouts = useApi<PayoutRunsAnswer>('/v1/portal/payouts?limit=50');
  const timezone = Intl.DateTimeFormat().resolvedOptions().timeZone;

  return (
    <div className="page" data-testid="portal-page">
      <div className="page__head"><h1>{t('portal.title')}</h1></div>
      <p className="muted" data-testid="portal-partner"><bdi translate="no">{me.partner.name}</bdi> · {t('portal.intro', { program: me.program?.name ?? '' })}</p>
      <section className="card" aria-labelledby="portal-links-title">
        <h2 id="portal-links-title" className="section-title">{t('portal.links')}</h2>
        <p className="muted">{t('portal.linksHelp')}</p>
        {me.links.map((link) => <CopyLine key={link.slug} testId={`portal-link-${link.slug}`} text={link.url} />)}
        <h3 className="section-title">{t('portal.coupons')}</h3>
        {me.coupons.length ? <p data-testid="portal-coupons"><bdi translate="no">{me.coupons.join(' · ')}</bdi></p> : <p className="muted">{t('portal.noCoupons')}</p>}
      </section>
      <section className="card" aria-labelledby="portal-commissions-title">
        <h2 id="portal-commissions-title" className="section-title">{t('portal.commissions')}</h2>
        <ApiView state={ledger}>
          {(data) => (
            <>
              <LedgerBalance ledger={data} />
              <LedgerTable ledger={data} timezone={timezone} />
            </>
          )}
        </ApiView>
      </section>
      <section className="card" aria-labelledby="portal-payouts-title">
        <h2 id="portal-payouts-title" className="section-title">{t('portal.payouts')}</h2>
        <ApiView state={payouts}>
          {(data) => data.runs.length === 0 ? <Empty message={t('partners.noPayouts')} testId="portal-payouts-empty" /> : (
            <DataTable<PayoutRunsAnswer['runs'][number] & { amount: string }>
              testId="portal-payouts"
              rows={data.runs.map((run) => ({ ...run, amount: run.payouts.map((p) => formatMoney(Number(p.amount), p.currency, locale)).join(' · ') }))}
              rowKey={(row) => row.id}
              columns={[
                { key: 'through', label: t('partners.through'), render: (row) => formatDate(row.through, locale) },
                { key: 'amount', label: t('partners.amount') },
                { key: 'paid_reference', label: t('partners.paidReference'), render: (row) => row.paid_reference ? <bdi translate="no">{row.paid_reference}</bdi> : t('partners.notPaid') },
              ]}
            />
          )}
        </ApiView>
      </section>
      <PortalPayoutDetails partnerId={me.partner.id} />
      <PortalStatement />
    </div>
  );
}

