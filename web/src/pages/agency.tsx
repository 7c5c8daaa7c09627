import { useMemo, useState } from 'react';
import { DataTable, type Column } from '../components/data-table';
import { DateRangePicker } from '../components/inputs/date-range-picker';
import { ApiView } from '../components/state-view';
import { useI18n } from '../i18n/i18n-context';
import { apiUrl } from '../lib/api';
import type { AgencyAnswer } from '../lib/api-types.generated';
import type { RangeChoice } from '../lib/dates/range-query';
import { formatCount, formatDate, formatMoney, formatNumber, localDigits, type Locale } from '../lib/format/format';
import { decimalSeparator } from '../lib/format/plain-decimal';
import { replaceQuery, useRoute } from '../lib/route';
import { useApi } from '../lib/use-api';
import { useWorkspace } from '../workspace-context';

type AgencyRow = AgencyAnswer['workspaces'][number];

interface Props {
  choice: RangeChoice;
  onChoice(choice: Pick<RangeChoice, 'preset' | 'range' | 'comparison'>): void;
}

/** The currencies the picker offers: the table's base, the workspaces' own and those the table quotes. */
function currencyOptions(answer: AgencyAnswer | null, chosen: string): string[] {
  const codes = new Set<string>([chosen]);
  if (answer) {
    codes.add(answer.rates_table.base);
    for (const w of answer.workspaces) codes.add(w.currency);
    for (const r of answer.rates) codes.add(r.from);
  }
  return [...codes].sort();
}

/** A rate as the server wrote it (exact, every digit kept) in the locale's digits and decimal separator. */
function exactDecimal(text: string, locale: Locale): string {
  return localDigits(text.replace('.', decimalSeparator(locale)), locale);
}

/**
 * Agency (issue 15): every workspace the session can see with its headline KPIs side by side (`GET
 * /v1/agency`), in each one's own currency and converted into the chosen one (`?currency=`), with the
 * rates the conversion used and any rate that is missing.
 */
export function AgencyPage({ choice, onChoice }: Props) {
  const { t, locale } = useI18n();
  const { workspace, format } = useWorkspace();
  const route = useRoute();
  const [reload, setReload] = useState(0);
  const currency = (route.query.get('currency') ?? '').toUpperCase() || null;
  const state = useApi<AgencyAnswer>(apiUrl('/v1/agency', { from: choice.range.from, to: choice.range.to, currency }), reload);
  const answer = state.status === 'ok' ? state.data : null;
  const chosen = currency ?? answer?.currency ?? workspace.currency;
  const options = useMemo(() => currencyOptions(answer, chosen), [answer, chosen]);
  const setCurrency = (code: string) => {
    const query = new URLSearchParams(route.query);
    query.set('currency', code);
    replaceQuery(query);
  };

  const money = (value: string | null, code: string) => (value === null ? '—' : formatMoney(Number(value), code, locale));
  const label = (name: string) => format.label(name);

  return (
    <div className="page">
      <div className="page__head">
        <h1>{t('agency.title')}</h1>
        <label className="field field--inline">
          <span className="field__label">{t('agency.currency')}</span>
          <select data-testid="agency-currency" value={chosen} onChange={(event) => setCurrency(event.target.value)}>
            {options.map((code) => (
              <option key={code} value={code} translate="no">
                {code}
              </option>
            ))}
          </select>
        </label>
        <DateRangePicker choice={choice} onChange={onChoice} />
      </div>
      <p className="muted">{t('agency.intro')}</p>
      <ApiView state={state} onRetry={() => setReload((n) => n + 1)}>
        {(data) => {
          const columns: Column<AgencyRow>[] = [
            { key: 'name', label: t('agency.workspace'), render: (w) => <bdi translate="no">{w.archived_at ? `${w.name} (${t('agency.archived')})` : w.name}</bdi> },
            { key: 'sessions', label: label('sessions'), numeric: true, render: (w) => formatCount(w.sessions, locale) },
            { key: 'conversions', label: label('conversions'), numeric: true, render: (w) => formatCount(w.conversions, locale) },
            { key: 'revenue', label: label('revenue'), title: t('agency.own', { metric: label('revenue') }), numeric: true, render: (w) => money(w.own.revenue, w.currency), csv: (w) => w.own.revenue },
            { key: 'spend', label: label('spend'), title: t('agency.own', { metric: label('spend') }), numeric: true, render: (w) => money(w.own.spend, w.currency), csv: (w) => w.own.spend },
            { key: 'roas', label: label('roas'), numeric: true, render: (w) => (w.roas === null ? '—' : formatNumber(w.roas, locale)) },
            { key: 'cpa', label: label('cpa'), title: t('agency.own', { metric: label('cpa') }), numeric: true, render: (w) => money(w.own.cpa, w.currency), csv: (w) => w.own.cpa },
            { key: 'revenue_converted', label: t('agency.converted', { metric: label('revenue'), currency: data.currency }), numeric: true, render: (w) => money(w.converted.revenue, data.currency), csv: (w) => w.converted.revenue },
            { key: 'spend_converted', label: t('agency.converted', { metric: label('spend'), currency: data.currency }), numeric: true, render: (w) => money(w.converted.spend, data.currency), csv: (w) => w.converted.spend },
            { key: 'cpa_converted', label: t('agency.converted', { metric: label('cpa'), currency: data.currency }), numeric: true, render: (w) => money(w.converted.cpa, data.currency), csv: (w) => w.converted.cpa },
          ];
          const footer = {
            id: 'total', name: t('agency.total', { currency: data.currency }), currency: data.currency, timezone: '', archived_at: null,
            sessions: data.totals.sessions, conversions: data.totals.conversions, roas: data.totals.roas,
            own: { revenue: null, spend: null, cpa: null },
            converted: { rate: null, revenue: data.totals.revenue, spend: data.totals.spend, cpa: data.totals.cpa },
          } satisfies AgencyRow;
          return (
            <>
              <DataTable rows={data.workspaces} columns={columns} testId="agency-table" rowKey={(w) => w.id} footer={footer} csvName="agency" />
              <section className="card" data-testid="agency-rates">
                <h2>{t('agency.rates', { workspace: data.workspaces.find((w) => w.id === data.rates_table.workspace_id)?.name ?? data.rates_table.workspace_id, base: data.rates_table.base })}</h2>
                {data.rates.length ? (
                  <ul>
                    {data.rates.map((r) => (
                      <li key={`${r.from}/${r.date}`}>
                        {formatDate(r.date, locale)}:{' '}
                        <bdi dir="ltr" translate="no">
                          {localDigits('1', locale)} {r.from} = {exactDecimal(r.rate, locale)} {r.to}
                        </bdi>
                      </li>
                    ))}
                  </ul>
                ) : (
                  <p className="muted">{t('agency.noRates', { currency: data.currency })}</p>
                )}
              </section>
              {data.warnings.length ? (
                <section className="card" data-testid="agency-warnings">
                  <h2>{t('agency.warnings')}</h2>
                  <ul>
                    {data.warnings.map((w) => (
                      <li key={w}>{w}</li>
                    ))}
                  </ul>
                </section>
              ) : null}
            </>
          );
        }}
      </ApiView>
    </div>
  );
}
