import { useState, type FormEvent } from 'react';
import { DataTable } from '../../components/data-table';
import { ApiView, Empty } from '../../components/state-view';
import { useI18n } from '../../i18n/i18n-context';
import type { ClvCustomersAnswer, CustomerAnswer, RfmAnswer } from '../../lib/api-types.generated';
import { useApi } from '../../lib/use-api';
import { useWorkspace } from '../../workspace-context';

/** One of the most valuable customers as `/v1/customers/rfm` lists them. */
type TopCustomer = RfmAnswer['top_customers'][number];

/**
 * The most valuable customers as the RFM report ranks them (revenue, then
 * orders, then the most recent order: predicted CLV is the same for every
 * one-time buyer of a day, so it cannot rank them), with the predicted CLV
 * of just these customers (the CLV export asked for their ids), a lookup by
 * id, and the chosen customer's profile and journey from `/v1/customers/:id`.
 */
export function CustomerList({ top, horizon, reload }: { top: TopCustomer[]; horizon: number; reload: number }) {
  const { t, idLabel } = useI18n();
  const { format } = useWorkspace();
  const [selected, setSelected] = useState<string | null>(null);
  const [lookup, setLookup] = useState('');
  const ids = top.map((c) => c.customer_id).join(',');
  const clv = useApi<ClvCustomersAnswer>(ids ? `/v1/customers/clv/customers?horizon=${horizon}&ids=${encodeURIComponent(ids)}` : null, reload);
  const predicted = new Map((clv.status === 'ok' ? clv.data.customers : []).map((c) => [c.customer_id, c.clv]));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (lookup.trim() !== '') setSelected(lookup.trim());
  };
  return (
    <div className="two-up">
      <div>
        <form className="budget-form" onSubmit={submit}>
          <label className="field">
            <span className="field__label">{t('customers.lookup')}</span>
            <input type="search" data-testid="customer-lookup" value={lookup} onChange={(event) => setLookup(event.target.value)} />
          </label>
          <button type="submit" className="button" data-testid="customer-lookup-submit">
            {t('customers.open')}
          </button>
        </form>
        <p className="muted" data-testid="customer-list-basis">
          {t('customers.topCustomersBasis')}
        </p>
        <DataTable
          testId="customer-list"
          rows={top}
          rowKey={(row) => row.customer_id}
          columns={[
            {
              key: 'customer_id',
              label: t('customers.customer'),
              sortable: false,
              render: (row) => (
                <button type="button" className="link-button" data-testid="customer-open" translate="no" dir="ltr" aria-pressed={selected === row.customer_id} onClick={() => setSelected(row.customer_id)}>
                  {row.customer_id}
                </button>
              ),
            },
            { key: 'monetary', label: t('customers.revenue'), numeric: true, sortable: false, render: (row) => format.unit('money', row.monetary) },
            { key: 'frequency', label: t('customers.orders'), numeric: true, sortable: false, render: (row) => format.unit('count', row.frequency) },
            { key: 'clv', label: t('customers.predictedClv'), numeric: true, sortable: false, render: (row) => format.unit('money', predicted.get(row.customer_id) ?? null), csv: (row) => predicted.get(row.customer_id) ?? '' },
            { key: 'recency_days', label: t('customers.daysSinceOrder'), numeric: true, sortable: false, render: (row) => format.unit('count', row.recency_days) },
            { key: 'segment', label: t('customers.segment'), sortable: false, render: (row) => idLabel('segment', row.segment) },
          ]}
        />
      </div>
      <div>{selected === null ? <Empty message={t('customers.pickCustomer')} /> : <CustomerProfileView id={selected} />}</div>
    </div>
  );
}

function CustomerProfileView({ id }: { id: string }) {
  const { t, channelLabel } = useI18n();
  const { format } = useWorkspace();
  const [reload, setReload] = useState(0);
  const state = useApi<CustomerAnswer>(`/v1/customers/${encodeURIComponent(id)}`, reload);
  return (
    <ApiView state={state} onRetry={() => setReload((n) => n + 1)}>
      {({ profile, events }) => {
        const touch = (value: { channel: string; campaign: string } | null) => (value ? `${channelLabel(value.channel)} · ${value.campaign}` : '—');
        const facts: Array<[string, string, string]> = [
          ['orders', t('customers.orders'), format.unit('count', profile.orders)],
          ['revenue', t('customers.revenue'), format.unit('money', profile.revenue)],
          ['first-touch', t('customers.firstTouch'), touch(profile.first_touch)],
          ['acquisition', t('customers.acquisition'), profile.acquisition ? `${touch(profile.acquisition)} · ${profile.acquisition.date}` : '—'],
          ['devices', t('customers.devices'), [profile.device, ...(profile.anonymous_ids ?? [])].filter(Boolean).join(', ') || '—'],
          ['first-seen', t('customers.firstSeen'), profile.first_seen?.slice(0, 10) ?? '—'],
          ['last-seen', t('customers.lastSeen'), profile.last_seen?.slice(0, 10) ?? '—'],
        ];
        const traits = Object.entries(profile.traits ?? {});
        const journey = Array.isArray(events) ? events : [];
        return (
          <div data-testid="customer-profile" data-customer={profile.customer_id}>
            <h3 className="section-title">{profile.customer_id}</h3>
            <dl className="stat-list">
              {facts.map(([key, label, text]) => (
                <div key={key} className="stat">
                  <dt>{label}</dt>
                  <dd data-testid={`profile-${key}`}>{text}</dd>
                </div>
              ))}
            </dl>
            <h4>{t('customers.traits')}</h4>
            {traits.length === 0 ? (
              <p className="muted">—</p>
            ) : (
              <ul className="traits" data-testid="profile-traits">
                {traits.map(([key, value]) => (
                  <li key={key}>
                    <code>{key}</code>: {typeof value === 'string' ? value : JSON.stringify(value)}
                  </li>
                ))}
              </ul>
            )}
            <h4>{t('customers.journey', { n: format.unit('count', journey.length) })}</h4>
            {journey.length === 0 ? (
              <Empty message={t('state.empty')} />
            ) : (
              <ol className="journey" data-testid="profile-journey">
                {journey.slice(-50).map((event) => (
                  <li key={event.id}>
                    <time dateTime={event.ts}>{event.ts.slice(0, 16).replace('T', ' ')}</time> {event.type}
                    {event.channel ? ` · ${channelLabel(event.channel)}` : ''}
                  </li>
                ))}
              </ol>
            )}
          </div>
        );
      }}
    </ApiView>
  );
}
