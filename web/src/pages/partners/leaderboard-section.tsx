import { useMemo, useState } from 'react';
import { Chart } from '../../components/charts/chart';
import type { EChartsOption } from '../../components/charts/echarts';
import { DataTable } from '../../components/data-table';
import { ApiView, Empty } from '../../components/state-view';
import { useI18n } from '../../i18n/i18n-context';
import type { PartnersFunnelAnswer, PartnersLeaderboardAnswer, PayoutsDueAnswer, ProgramsAnswer } from '../../lib/api-types.generated';
import { formatCount, formatDate, formatMoney, formatRatio, localDigits } from '../../lib/format/format';
import { useApi } from '../../lib/use-api';

type Row = PartnersLeaderboardAnswer['partners'][number];

/**
 * How a programme's partners perform (the last 30 days with data): the leaderboard, each partner's
 * last-click against data-driven share of the sales they touched, the recruitment funnel and what
 * is due at the next payout.
 */
export function LeaderboardSection({ programs }: { programs: ProgramsAnswer['programs'] }) {
  const { t, locale } = useI18n();
  const [program, setProgram] = useState(programs[0]?.id ?? '');
  const query = `program=${encodeURIComponent(program)}`;
  const board = useApi<PartnersLeaderboardAnswer>(program ? `/v1/partners/leaderboard?${query}&limit=200` : null);
  const funnel = useApi<PartnersFunnelAnswer>(program ? `/v1/partners/funnel?${query}` : null);
  const due = useApi<PayoutsDueAnswer>(program ? `/v1/payouts/due?${query}&limit=200` : null);
  const currency = programs.find((p) => p.id === program)?.currency ?? '';
  const money = (value: string | null) => (value === null ? '—' : formatMoney(Number(value), currency, locale));
  const share = (value: number | null) => (value === null ? '—' : formatRatio(value, locale));

  return (
    <section className="card" aria-labelledby="leaderboard-title">
      <h2 id="leaderboard-title" className="section-title">{t('partners.leaderboard')}</h2>
      <label className="field"><span className="field__label">{t('partners.program')}</span>
        <select value={program} data-testid="leaderboard-program" onChange={(e) => setProgram(e.target.value)}>
          {programs.map((p) => <option key={p.id} value={p.id} translate="no">{p.name}</option>)}
        </select></label>
      <ApiView state={board}>
        {(data) => data.partners.length === 0 ? <Empty message={t('partners.noPartners')} testId="leaderboard-empty" /> : (
          <>
            <p className="muted">{t('partners.range', { from: formatDate(data.from, locale), to: formatDate(data.to, locale) })}</p>
            <DataTable<Row>
              testId="leaderboard-table"
              rows={data.partners}
              rowKey={(row) => row.partner_id}
              columns={[
                { key: 'name', label: t('partners.name'), render: (row) => <bdi translate="no">{row.name}</bdi> },
                { key: 'clicks', label: t('partners.clicks'), numeric: true, render: (row) => formatCount(row.clicks, locale) },
                { key: 'conversions', label: t('partners.conversions'), numeric: true, render: (row) => formatCount(row.conversions, locale) },
                { key: 'revenue', label: t('partners.revenue'), numeric: true, render: (row) => money(row.revenue) },
                { key: 'commissions', label: t('partners.commissions'), numeric: true, render: (row) => money(row.commissions) },
                { key: 'earnings_per_click', label: t('partners.epc'), numeric: true, render: (row) => money(row.earnings_per_click) },
                { key: 'roas_after_commissions', label: t('partners.roasAfter'), numeric: true, render: (row) => (row.roas_after_commissions === null ? '—' : localDigits(row.roas_after_commissions.toFixed(2), locale)) },
                { key: 'fraud_score', label: t('partners.fraudScore'), numeric: true, render: (row) => (row.fraud_score === null ? '—' : formatCount(row.fraud_score, locale)) },
                { key: 'last_click_share', label: t('partners.lastClickShare'), numeric: true, render: (row) => share(row.last_click_share) },
                { key: 'data_driven_share', label: t('partners.dataDrivenShare'), numeric: true, render: (row) => share(row.data_driven_share) },
              ]}
            />
            <ShareChart rows={data.partners} />
          </>
        )}
      </ApiView>
      <h3 className="section-title">{t('partners.funnel')}</h3>
      <ApiView state={funnel}>
        {(data) => (
          <ol className="stat-list" data-testid="partners-funnel">
            {data.steps.map((step) => (
              <li key={step.step} data-testid={`funnel-${step.step}`} data-value={step.count}>
                <strong>{formatCount(step.count, locale)}</strong> {t(`partners.step.${step.step}`)}
                {step.median_days !== null ? <span className="muted"> · {t('partners.medianDays', { days: formatCount(step.median_days, locale) })}</span> : null}
              </li>
            ))}
          </ol>
        )}
      </ApiView>
      <h3 className="section-title">{t('partners.due')}</h3>
      <ApiView state={due}>
        {(data) => (
          <>
            <p className="muted" data-testid="payouts-next">
              {t('partners.dueHelp', { minimum: money(data.minimum), next: data.next_payout ? formatDate(data.next_payout, locale) : '—' })}
            </p>
            <DataTable<PayoutsDueAnswer['partners'][number]>
              testId="payouts-due"
              rows={data.partners}
              rowKey={(row) => row.partner_id}
              columns={[
                { key: 'name', label: t('partners.name'), render: (row) => <bdi translate="no">{row.name}</bdi> },
                { key: 'approved', label: t('partners.balance.approved'), numeric: true, render: (row) => money(row.approved) },
                { key: 'pending', label: t('partners.balance.pending'), numeric: true, render: (row) => money(row.pending) },
                { key: 'held', label: t('partners.balance.held'), numeric: true, render: (row) => money(row.held) },
                { key: 'due', label: t('partners.isDue'), render: (row) => (row.due ? '✓' : '—') },
              ]}
            />
          </>
        )}
      </ApiView>
    </section>
  );
}

/** Each partner's share of the sales they touched, under last click and under the data-driven model, side by side. */
function ShareChart({ rows }: { rows: readonly Row[] }) {
  const { t, locale } = useI18n();
  const shown = rows.filter((row) => row.last_click_share !== null || row.data_driven_share !== null).slice(0, 20);
  const option = useMemo<EChartsOption>(() => ({
    tooltip: { trigger: 'axis' },
    legend: {},
    grid: { containLabel: true },
    // Ranks on the axis (in the locale's digits); names, being data, only in the tooltip and the table above.
    xAxis: { type: 'category', data: shown.map((row) => row.name), axisLabel: { hideOverlap: true, formatter: (_name: string, index: number) => localDigits(String(index + 1), locale) } },
    yAxis: { type: 'value', max: 1, axisLabel: { formatter: (value: number) => formatRatio(value, locale) } },
    series: [
      { name: t('partners.lastClickShare'), type: 'bar', data: shown.map((row) => row.last_click_share ?? 0) },
      { name: t('partners.dataDrivenShare'), type: 'bar', data: shown.map((row) => row.data_driven_share ?? 0) },
    ],
  }), [shown, t, locale]);
  if (shown.length === 0) return null;
  return <Chart option={option} height={300} testId="partners-share-chart" label={t('partners.shareChart')} />;
}
