import { useMemo, useState } from 'react';
import { Chart } from '../components/charts/chart';
import { DataTable, type Column } from '../components/data-table';
import { DateRangePicker } from '../components/inputs/date-range-picker';
import type { EChartsOption } from '../components/charts/echarts';
import { KpiCard } from '../components/charts/kpi-card';
import { PaidTotalsNote } from '../components/charts/paid-totals';
import { MetricPicker, useMetricChoice } from '../components/inputs/metric-picker';
import { OnboardingChecklist } from '../components/shell/onboarding';
import { ShareButton } from '../components/share-button';
import { ApiView, Empty } from '../components/state-view';
import { useI18n } from '../i18n/i18n-context';
import type { MessageKey } from '../i18n/messages-en';
import { apiUrl } from '../lib/api';
import type { KpisAnswer } from '../lib/api-types.generated';

/**
 * One row of `/v1/kpis`: the dimension value(s) plus metric values (null when undefined).
 * Campaign rows say their `channel`; ad rows their `channel` and `campaign`.
 */
type KpiRow = KpisAnswer['rows'][number] & { channel?: string; campaign?: string };
import { directionalAxes } from '../lib/charts/chart-axes';
import { dailySeries } from '../lib/dates/daily';
import { formatDate, formatDayShort, formatJalaliMonth } from '../lib/format/format';
import type { RangeChoice } from '../lib/dates/range-query';
import { useApi, type ApiState } from '../lib/use-api';
import { useWorkspace, type MetricFormat } from '../workspace-context';

/** The headline metrics, in card order (the default of the metric picker). */
export const KPI_CARDS = ['spend', 'revenue', 'conversions', 'cpa', 'roas', 'roi', 'sessions', 'unique_visitors', 'leads', 'cpl'];

/** Dimensions the breakdown table offers; channel drills down to campaign, then ad. */
export const BREAKDOWNS = ['channel', 'source_medium', 'landing_page', 'country', 'device', 'week', 'month'] as const;
type Breakdown = (typeof BREAKDOWNS)[number];
type Level = Breakdown | 'campaign' | 'ad';

interface Props {
  choice: RangeChoice;
  onChoice(choice: Pick<RangeChoice, 'preset' | 'range' | 'comparison'>): void;
}

/** Overview: onboarding while data is missing, KPI cards against the comparison period, the daily chart and a breakdown with drill-down. */
export function OverviewPage({ choice, onChoice }: Props) {
  const { t, locale, idLabel } = useI18n();
  const [reload, setReload] = useState(0);
  const retry = () => setReload((n) => n + 1);
  const [metrics, setMetrics] = useMetricChoice(KPI_CARDS);
  const { range, compareRange } = choice;
  const current = useApi<KpisAnswer>(apiUrl('/v1/kpis', { by: 'channel', from: range.from, to: range.to, compare: 'none' }), reload);
  const previous = useApi<KpisAnswer>(compareRange ? apiUrl('/v1/kpis', { from: compareRange.from, to: compareRange.to, compare: 'none' }) : null, reload);
  const daily = useApi<KpisAnswer>(apiUrl('/v1/kpis', { by: 'day', from: range.from, to: range.to, compare: 'none' }), reload);
  const previousTotals = compareRange && previous.status === 'ok' ? previous.data.totals : null;

  return (
    <div className="page">
      <div className="page__head">
        <h1>{t('overview.title')}</h1>
        <DateRangePicker choice={choice} onChange={onChoice} compare />
        <ShareButton target={{ view: 'kpis', from: range.from, to: range.to, by: 'channel' }} />
      </div>

      <OnboardingChecklist onProgress={retry} />

      <section aria-labelledby="kpis-title">
        <div className="section-head">
          <h2 id="kpis-title" className="section-title">
            {t('overview.kpis')}
          </h2>
          <MetricPicker selected={metrics} onChange={setMetrics} />
        </div>
        <ApiView state={current} onRetry={retry}>
          {(data) => (
            <>
              <div className="kpi-grid" data-testid="kpi-cards">
                {metrics.map((metric) => (
                  <KpiCard
                    key={metric}
                    metric={metric}
                    value={numberOf(data.totals?.[metric])}
                    previous={previousTotals ? numberOf(previousTotals[metric]) : null}
                    hasPrevious={previousTotals !== null}
                    comparison={choice.comparison}
                  />
                ))}
              </div>
              <p className="muted small" data-testid="compare-range">
                {compareRange ? t('range.compared', { from: formatDate(compareRange.from, locale), to: formatDate(compareRange.to, locale) }) : null}
                {compareRange && data.attribution ? ' · ' : null}
                {data.attribution ? t('overview.attribution', { model: idLabel('model', data.attribution) }) : null}
              </p>
              <PaidTotalsNote totals={data.totals} />
            </>
          )}
        </ApiView>
      </section>

      <section className="card" aria-labelledby="daily-title">
        <h2 id="daily-title" className="section-title">
          {t('overview.daily')}
        </h2>
        <ApiView state={daily} onRetry={retry}>
          {(data) =>
            Array.isArray(data.rows) && data.rows.length > 0 ? (
              <DailyChart rows={data.rows} from={range.from} to={range.to} />
            ) : (
              <Empty message={t('state.empty')} />
            )
          }
        </ApiView>
      </section>

      <Breakdown choice={choice} metrics={metrics} reload={reload} onRetry={retry} channelState={current} />
    </div>
  );
}

function numberOf(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function metricColumns(format: MetricFormat, metrics: string[]): Column<KpiRow>[] {
  return metrics.map((metric) => ({
    key: metric,
    label: format.label(metric),
    title: format.description(metric),
    numeric: true,
    render: (row: KpiRow) => format.metric(metric, numberOf(row[metric])),
  }));
}

const DIMENSION_KEYS: Record<Level, MessageKey> = {
  channel: 'dimension.channel',
  campaign: 'dimension.campaign',
  ad: 'dimension.ad',
  source_medium: 'dimension.source_medium',
  landing_page: 'dimension.landing_page',
  country: 'dimension.country',
  device: 'dimension.device',
  week: 'dimension.week',
  month: 'dimension.month',
};

/**
 * The breakdown table: any KPI dimension, the picked metrics as columns.
 * By channel, a channel's name drills down to its campaigns and a
 * campaign's to its ads; the trail above the table goes back up.
 */
function Breakdown({
  choice,
  metrics,
  reload,
  onRetry,
  channelState,
}: {
  choice: RangeChoice;
  metrics: string[];
  reload: number;
  onRetry(): void;
  channelState: ApiState<KpisAnswer>;
}) {
  const { t, channelLabel, locale } = useI18n();
  const { format } = useWorkspace();
  const [dimension, setDimension] = useState<Breakdown>('channel');
  const [trail, setTrail] = useState<string[]>([]);
  const level: Level = dimension !== 'channel' ? dimension : trail.length === 0 ? 'channel' : trail.length === 1 ? 'campaign' : 'ad';
  const { range } = choice;
  const fetched = useApi<KpisAnswer>(level === 'channel' ? null : apiUrl('/v1/kpis', { by: level, from: range.from, to: range.to, compare: 'none' }), reload);
  const state = level === 'channel' ? channelState : fetched;

  const rowsOf = (data: KpisAnswer): KpiRow[] => {
    const rows = Array.isArray(data.rows) ? data.rows : [];
    if (level === 'campaign') return rows.filter((row) => row.channel === trail[0]);
    // Ad rows carry their channel and campaign: an ad name used in two campaigns is two rows.
    if (level === 'ad') return rows.filter((row) => row.channel === trail[0] && row.campaign === trail[1]);
    return rows;
  };

  const columns = useMemo<Column<KpiRow>[]>(() => {
    const nameOf = (row: KpiRow) => String(row[level] ?? '');
    const shown = (row: KpiRow) => {
      const id = nameOf(row);
      if (level === 'channel') return channelLabel(id);
      if (level === 'month' && id && state.status === 'ok' && state.data.calendar === 'jalali') return formatJalaliMonth(id, locale);
      if ((level === 'week' || level === 'month') && id) return formatDate(id, locale);
      return id ? <bdi dir="auto">{id}</bdi> : '—';
    };
    const drillable = level === 'channel' || level === 'campaign';
    const name: Column<KpiRow> = {
      key: level,
      label: t(DIMENSION_KEYS[level]),
      render: (row) =>
        drillable ? (
          <button type="button" className="link-button" data-testid={`drill-${nameOf(row)}`} onClick={() => setTrail([...trail, nameOf(row)])}>
            {shown(row)}
          </button>
        ) : (
          shown(row)
        ),
    };
    return [name, ...metricColumns(format, metrics)];
  }, [level, trail, t, channelLabel, locale, format, metrics, state]);

  return (
    <section className="card" aria-labelledby="breakdown-title">
      <div className="section-head">
        <h2 id="breakdown-title" className="section-title">
          {t('overview.breakdown')}
        </h2>
        <label className="field field--inline">
          <span className="field__label">{t('overview.dimension')}</span>
          <select
            data-testid="breakdown-dimension"
            value={dimension}
            onChange={(event) => {
              setDimension(event.target.value as Breakdown);
              setTrail([]);
            }}
          >
            {BREAKDOWNS.map((name) => (
              <option key={name} value={name}>
                {t(DIMENSION_KEYS[name])}
              </option>
            ))}
          </select>
        </label>
      </div>
      {dimension === 'channel' ? (
        <nav className="trail" aria-label={t('overview.trail')} data-testid="drill-trail">
          <button type="button" className="link-button" aria-pressed={trail.length === 0} data-testid="drill-up-0" onClick={() => setTrail([])}>
            {t('overview.drillAll')}
          </button>
          {trail.map((step, index) => (
            <span key={`${index}-${step}`}>
              <span className="trail__sep" aria-hidden="true" />
              <button
                type="button"
                className="link-button"
                aria-pressed={index === trail.length - 1}
                data-testid={`drill-up-${index + 1}`}
                onClick={() => setTrail(trail.slice(0, index + 1))}
              >
                {index === 0 ? channelLabel(step) : <bdi dir="auto">{step}</bdi>}
              </button>
            </span>
          ))}
          {trail.length === 0 ? <span className="muted small">{t('overview.drillHint')}</span> : null}
        </nav>
      ) : null}
      <ApiView state={state} onRetry={onRetry}>
        {(data) => (
          <DataTable
            testId={`${level}-table`}
            csvName={`${level}-${range.from}-${range.to}`}
            rows={rowsOf(data)}
            columns={columns}
            rowKey={(row, index) => `${String(row[level] ?? '')}-${String(row.channel ?? '')}-${String(row.campaign ?? '')}-${index}`}
            initialSort={metrics.includes('spend') ? { key: 'spend', direction: 'desc' } : undefined}
            footer={level === 'channel' || dimension !== 'channel' ? (data.totals as KpiRow) : undefined /* totals.paid: an object no column shows */}
            footerLabel={t('table.total')}
          />
        )}
      </ApiView>
    </section>
  );
}

/** Spend (bars) and revenue (line) on the money axis, conversions on the other axis, for every day of the range (no data = 0). */
function DailyChart({ rows, from, to }: { rows: KpiRow[]; from: string; to: string }) {
  const { locale, rtl, t } = useI18n();
  const { format } = useWorkspace();
  const option = useMemo<EChartsOption>(() => {
    const axes = directionalAxes(rtl);
    const metrics = ['spend', 'revenue', 'conversions'];
    const { days, series } = dailySeries(rows, { from, to }, metrics);
    const label = (metric: string) => format.label(metric);
    return {
      grid: { top: 48, bottom: 32, left: 16, right: 16, containLabel: true },
      legend: { top: 0, [axes.legendAlign]: 0 },
      tooltip: {
        trigger: 'axis',
        formatter: (items: unknown) => {
          const list = items as Array<{ dataIndex: number; seriesIndex: number; seriesName: string; marker: string; value: number | null }>;
          if (list.length === 0) return '';
          const head = formatDate(days[list[0].dataIndex], locale);
          const lines = list.map((item) => `${item.marker} ${item.seriesName}: <b>${format.metric(metrics[item.seriesIndex] ?? 'spend', item.value)}</b>`);
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
        { name: label('spend'), type: 'bar', data: series.spend, yAxisIndex: 0, barMaxWidth: 18, itemStyle: { opacity: 0.8 } },
        { name: label('revenue'), type: 'line', data: series.revenue, yAxisIndex: 0, smooth: true, symbolSize: 4 },
        { name: label('conversions'), type: 'line', data: series.conversions, yAxisIndex: 1, symbolSize: 4, lineStyle: { type: 'dashed' } },
      ],
    };
  }, [rows, from, to, rtl, locale, format]);
  return <Chart option={option} height={340} testId="daily-chart" label={t('overview.daily')} />;
}
