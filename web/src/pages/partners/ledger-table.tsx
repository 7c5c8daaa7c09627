import { DataTable } from '../../components/data-table';
import { Empty } from '../../components/state-view';
import { useI18n } from '../../i18n/i18n-context';
import type { PartnerLedgerAnswer } from '../../lib/api-types.generated';
import { formatCount, formatInstant, formatMoney } from '../../lib/format/format';

export type LedgerEntry = PartnerLedgerAnswer['entries'][number];

/** A ledger's balance by status, each in the programme's currency. */
export function LedgerBalance({ ledger }: { ledger: PartnerLedgerAnswer }) {
  const { t, locale } = useI18n();
  return (
    <dl className="kpi-grid" data-testid="ledger-balance">
      {(['pending', 'held', 'approved', 'paid'] as const).map((status) => (
        <div key={status} className="kpi-card" data-testid={`balance-${status}`} data-value={ledger.balance[status]}>
          <dt className="kpi-card__label">{t(`partners.balance.${status}`)}</dt>
          <dd className="kpi-card__value">{formatMoney(Number(ledger.balance[status]), ledger.currency, locale)}</dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * A partner's ledger entries, newest first as the answer gives them; with `selected`, held
 * commissions get a checkbox for the review (the portal shows the same table without one).
 */
export function LedgerTable({ ledger, timezone, selected, onToggle }: { ledger: PartnerLedgerAnswer; timezone: string; selected?: ReadonlySet<string>; onToggle?(id: string): void }) {
  const { t, locale } = useI18n();
  if (ledger.entries.length === 0) return <Empty message={t('partners.noEntries')} testId="ledger-empty" />;
  return (
    <DataTable<LedgerEntry>
      testId="ledger-table"
      rows={ledger.entries}
      rowKey={(row) => row.id}
      columns={[
        ...(selected && onToggle ? [{
          key: 'select', label: t('partners.select'), sortable: false,
          render: (row: LedgerEntry) => row.status === 'held'
            ? <input type="checkbox" aria-label={`${t('partners.select')} ${row.id}`} data-testid={`select-${row.id}`} checked={selected.has(row.id)} onChange={() => onToggle(row.id)} />
            : null,
        }] : []),
        { key: 'occurred_at', label: t('partners.occurred'), render: (row) => formatInstant(row.occurred_at, locale, timezone) },
        { key: 'kind', label: t('partners.entryKind'), render: (row) => t(`partners.entryKind.${row.kind}`) },
        { key: 'order_id', label: t('partners.order'), render: (row) => <bdi translate="no">{row.order_id ?? '—'}</bdi> },
        { key: 'amount', label: t('partners.amount'), numeric: true, render: (row) => formatMoney(Number(row.amount), row.currency, locale) },
        { key: 'status', label: t('partners.entryStatus'), render: (row) => <span data-testid={`entry-status-${row.id}`}>{t(`partners.entryStatus.${row.status}`)}{row.reason ? ` (${t(`partners.reason.${row.reason}`)})` : ''}</span> },
        { key: 'fraud_score', label: t('partners.fraudScore'), numeric: true, render: (row) => (row.fraud_score === undefined ? '—' : formatCount(row.fraud_score, locale)) },
      ]}
    />
  );
}
