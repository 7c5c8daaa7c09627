import { useMemo, useState } from 'react';
import { Chart } from '../components/chart';
import { DataTable, type Column } from '../components/data-table';
import { DateRangePicker } from '../components/date-range-picker';
import type { EChartsOption } from '../components/echarts';
import { KpiCard } from '../components/kpi-card';
import { ApiView, Empty } from '../components/state-view';
import { useI18n } from '../i18n/i18n-context';
import { apiUrl } from '../lib/api';
import type { KpiRow, KpisAnswer } from '../lib/api-types';
import { directionalAxes } from '../lib/chart-axes';
import type { DateRange } from '../lib/dates';
import { formatDate, formatDayShort } from '../lib/format';
import { useApi } from '../lib/use-api';
import { useWorkspace, type MetricFormat } from '../workspace-context';

/** The headline metrics, in card order. */
export const KPI_CARDS = ['spend', 'revenue', 'conversions', 'cpa', 'roas', 'roi', 'sessions', 'unique_visitors', 'leads', 'cpl'];
const TABLE_METRICS = ['spend', 'conversions', 'cpa', 'revenue', 'roas', 'roi'];

interface Props {
  range: DateRange;
  onRange(range: DateRange): void;
}

/** Overview: KPI cards against the previous period, the daily chart, channel and campaign tables. */
export function OverviewPage({ range, onRange }: Props) {
  const { t, locale, idLabel } = useI18n();
  const { workspace } = useWorkspace();
  const [reload, setReload] = useState(0);
  const retry = () => setReload((n) => n + 1);
  const params = { from: range.from, to: range.to };
  const channels = useApi<KpisAnswer>(apiUrl('/v1/kpis', { by: 'channel', ...params, compare: 'previous' }), reload);
  const daily = useApi<KpisAnswer>(apiUrl('/v1/kpis', { by: 'day', ...params }), reload);
  const campaigns = useApi<KpisAnswer>(apiUrl('/v1/kpis', { by: 'campaign', ...params }), reload);

  return (
    <div className="page">
      <div className="page__head">
        <h1>{t('overview.title')}</h1>
        <DateRangePicker range={range} onChange={onRange} min={workspace.data_from} max={workspace.data_to} />
      </div>

      <section aria-labelledby="kpis-title">
        <h2 id="kpis-title" className="section-title">
          {t('overview.kpis')}
        </h2>
        <ApiView state={channels} onRetry={retry}>
          {(data) => (
            <>
              <div className="kpi-grid" data-testid="kpi-cards">
                {KPI_CARDS.map((metric) => (
                  <KpiCard
                    key={metric}
                    metric={metric}
                    value={numberOf(data.totals?.[metric])}
                    previous={numberOf(data.previous?.totals?.[metric])}
                    hasPrevious={Boolean(data.previous)}
                  />
                ))}
              </div>
              <p className="muted small" data-testid="compare-range">
                {data.previous
                  ? t('range.compared', { from: formatDate(data.previous.from, locale), to: formatDate(data.previous.to, locale) })
                  : null}
                {data.previous && data.attribution ? ' · ' : null}
                {data.attribution ? t('overview.attribution', { model: idLabel('model', data.attribution) }) : null}
              </p>
            </>
          )}
        </ApiView>
      </section>

      <section className="card" aria-labelledby="daily-title">
        <h2 id="daily-title" className="section-title">
          {t('overview.daily')}
        </h2>
        <ApiView state={daily} onRetry={retry}>
          {(data) => (Array.isArray(data.rows) && data.rows.length > 0 ? <DailyChart rows={data.rows} /> : <Empty message={t('state.empty')} />)}
        </ApiView>
      </section>

      <section className="card" aria-labelledby="channels-title">
        <h2 id="channels-title" className="section-title">
          {t('overview.channels')}
        </h2>
        <ApiView state={channels} onRetry={retry}>
          {(data) => <MetricTable kind="channel" rows={data.rows ?? []} totals={data.totals} />}
        </ApiView>
      </section>

      <section className="card" aria-labelledby="campaigns-title">
        <h2 id="campaigns-title" className="section-title">
          {t('overview.campaigns')}
        </h2>
        <ApiView state={campaigns} onRetry={retry}>
          {(data) => <MetricTable kind="campaign" rows={data.rows ?? []} />}
        </ApiView>
      </section>
    </div>
  );
}

function numberOf(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function metricColumns(format: MetricFormat): Column<KpiRow>[] {
  return TABLE_METRICS.map((metric) => ({
    key: metric,
    label: format.label(metric),
    title: format.def(metric)?.description,
    numeric: true,
    render: (row: KpiRow) => format.metric(metric, numberOf(row[metric])),
  }));
}

/** The channel or campaign table: spend, conversions, CPA, revenue, ROAS, ROI, sortable. */
function MetricTable({ kind, rows, totals }: { kind: 'channel' | 'campaign'; rows: KpiRow[]; totals?: KpiRow }) {
  const { t, channelLabel } = useI18n();
  const { format } = useWorkspace();
  const columns = useMemo<Column<KpiRow>[]>(() => {
    const name: Column<KpiRow> =
      kind === 'channel'
        ? { key: 'channel', label: t('table.channel'), render: (row) => channelLabel(String(row.channel ?? '')) }
        : { key: 'campaign', label: t('table.campaign'), render: (row) => String(row.campaign ?? '—') };
    const extra: Column<KpiRow>[] =
      kind === 'campaign'
        ? [{ key: 'channel', label: t('table.channel'), render: (row) => (row.channel ? channelLabel(String(row.channel)) : '—') }]
        : [];
    return [name, ...extra, ...metricColumns(format)];
  }, [kind, t, channelLabel, format]);
  return (
    <DataTable
      testId={`${kind}-table`}
      rows={rows}
      columns={columns}
      rowKey={(row, index) => `${String(row[kind] ?? '')}-${String(row.channel ?? '')}-${index}`}
      initialSort={{ key: 'spend', direction: 'desc' }}
      footer={totals}
      footerLabel={totals ? t('table.total') : undefined}
    />
  );
}

/** Spend (bars) and revenue (line) on the money axis, conversions on the other axis, per day. */
function DailyChart({ rows }: { rows: KpiRow[] }) {
  const { locale, rtl, t } = useI18n();
  const { format } = useWorkspace();
  const option = useMemo<EChartsOption>(() => {
    const axes = directionalAxes(rtl);
    const days = rows.map((row) => String(row.day ?? row.date ?? ''));
    const series = (metric: string) => rows.map((row) => numberOf(row[metric]));
    const label = (metric: string) => format.label(metric);
    return {
      grid: { top: 48, bottom: 32, left: 16, right: 16, containLabel: true },
      legend: { top: 0, [axes.legendAlign]: 0 },
      tooltip: {
        trigger: 'axis',
        formatter: (items: unknown) => {
          const list = items as Array<{ dataIndex: number; seriesIndex: number; seriesName: string; marker: string; value: number | null }>;
          if (list.length === 0) return '';
          const metrics = ['spend', 'revenue', 'conversions'];
          const head = formatDate(days[list[0].dataIndex], locale);
          const lines = list.map(
            (item) => `${item.marker} ${item.seriesName}: <b>${format.metric(metrics[item.seriesIndex] ?? 'spend', item.value)}</b>`,
          );
          return [head, ...lines].join('<br/>');
        },
      },
      xAxis: {
        type: 'category',
        inverse: axes.inverseX,
        data: days,
        axisLabel: { formatter: (value: string) => formatDayShort(value, locale), hideOverlap: true },
      },
      yAxis: [
        {
          type: 'value',
          position: axes.primarySide,
          name: `${label('spend')} / ${label('revenue')}`,
          axisLabel: { formatter: (value: number) => format.axis('spend', value) },
        },
        {
          type: 'value',
          position: axes.secondarySide,
          name: label('conversions'),
          splitLine: { show: false },
          axisLabel: { formatter: (value: number) => format.axis('conversions', value) },
        },
      ],
      series: [
        { name: label('spend'), type: 'bar', data: series('spend'), yAxisIndex: 0, barMaxWidth: 18, itemStyle: { opacity: 0.8 } },
        { name: label('revenue'), type: 'line', data: series('revenue'), yAxisIndex: 0, smooth: true, symbolSize: 4 },
        { name: label('conversions'), type: 'line', data: series('conversions'), yAxisIndex: 1, symbolSize: 4, lineStyle: { type: 'dashed' } },
      ],
    };
  }, [rows, rtl, locale, format]);
  return <Chart option={option} height={340} testId="daily-chart" label={t('overview.daily')} />;
}
