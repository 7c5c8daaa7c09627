import { useMemo, useState } from 'react';
import { Chart } from '../../components/charts/chart';
import { DataTable } from '../../components/data-table';
import type { EChartsOption } from '../../components/charts/echarts';
import { ShareButton } from '../../components/share-button';
import { ApiView, Empty } from '../../components/state-view';
import { useI18n } from '../../i18n/i18n-context';
import type { ClvAnswer, CohortsAnswer, FunnelAnswer, LtvCacAnswer, RfmAnswer } from '../../lib/api-types.generated';
import { directionalAxes } from '../../lib/charts/chart-axes';
import { formatMonth } from '../../lib/format/format';
import { useApi } from '../../lib/use-api';
import { useWorkspace } from '../../workspace-context';
import { CustomerList } from './customer-profile';
import { ClvDistribution, LtvCac } from './customers-value';
import { SegmentBuilder } from './segment-builder';

/** Days of the CLV forecast. */
const CLV_HORIZON = 90;
const HEAT_COLORS = ['#eff6ff', '#93c5fd', '#2563eb', '#1e3a8a'];

/**
 * Customers: RFM grid and segments, monthly cohort retention, CRM funnel,
 * LTV:CAC by acquisition channel, the CLV distribution, the most valuable
 * customers (the RFM report's list, with predicted CLV beside) with their
 * profiles, and a segment builder.
 */
export function CustomersPage() {
  const { t } = useI18n();
  // CLV cannot be fitted without sales: on an empty store ask nothing and say so.
  const hasData = useWorkspace().workspace.data_from !== null;
  const [reload, setReload] = useState(0);
  const retry = () => setReload((n) => n + 1);
  const rfm = useApi<RfmAnswer>('/v1/customers/rfm', reload);
  const cohorts = useApi<CohortsAnswer>('/v1/customers/cohorts?period=month', reload);
  const funnel = useApi<FunnelAnswer>('/v1/customers/funnel', reload);
  const ltvCac = useApi<LtvCacAnswer>('/v1/customers/ltv-cac', reload);
  const clv = useApi<ClvAnswer>(hasData ? `/v1/customers/clv?horizon=${CLV_HORIZON}` : null, reload);
  return (
    <div className="page">
      <div className="page__head">
        <h1>{t('customers.title')}</h1>
      </div>
      <div className="two-up">
        <section className="card" aria-labelledby="rfm-title">
          <h2 id="rfm-title" className="section-title">
            {t('customers.rfm')}
          </h2>
          <ApiView state={rfm} onRetry={retry}>
            {(data) => (Array.isArray(data.grid) && data.grid.length > 0 ? <RfmGrid grid={data.grid} /> : <Empty message={t('state.empty')} />)}
          </ApiView>
        </section>
        <section className="card" aria-labelledby="segments-title">
          <h2 id="segments-title" className="section-title">
            {t('customers.segments')}
          </h2>
          <ApiView state={rfm} onRetry={retry}>
            {(data) => <Segments segments={Array.isArray(data.segments) ? data.segments : []} />}
          </ApiView>
        </section>
      </div>
      <section className="card" aria-labelledby="cohorts-title">
        <div className="section-head">
          <h2 id="cohorts-title" className="section-title">
            {t('customers.cohorts')}
          </h2>
          <ShareButton target={{ view: 'cohorts', period: 'month' }} />
        </div>
        <ApiView state={cohorts} onRetry={retry}>
          {(data) =>
            Array.isArray(data.cohorts) && data.cohorts.length > 0 ? <CohortHeatmap cohorts={data.cohorts} /> : <Empty message={t('state.empty')} />
          }
        </ApiView>
      </section>
      <section className="card" aria-labelledby="funnel-title">
        <h2 id="funnel-title" className="section-title">
          {t('customers.funnel')}
        </h2>
        <ApiView state={funnel} onRetry={retry}>
          {(data) => (Array.isArray(data.stages) && data.stages.length > 0 ? <Funnel stages={data.stages} /> : <Empty message={t('state.empty')} />)}
        </ApiView>
      </section>
      <section className="card" aria-labelledby="ltv-cac-title" data-testid="ltv-cac-section">
        <h2 id="ltv-cac-title" className="section-title">
          {t('customers.ltvCacTitle')}
        </h2>
        <ApiView state={ltvCac} onRetry={retry}>
          {(data) => <LtvCac data={data} />}
        </ApiView>
      </section>
      <section className="card" aria-labelledby="clv-title" data-testid="clv-section">
        <h2 id="clv-title" className="section-title">
          {t('customers.clvTitle', { days: CLV_HORIZON })}
        </h2>
        {hasData ? (
          <ApiView state={clv} onRetry={retry}>
            {(data) => <ClvDistribution data={data} />}
          </ApiView>
        ) : (
          <Empty message={t('state.noDataYet')} />
        )}
      </section>
      <section className="card" aria-labelledby="customer-list-title" data-testid="customer-list-section">
        <h2 id="customer-list-title" className="section-title">
          {t('customers.topCustomers')}
        </h2>
        {hasData ? (
          <ApiView state={rfm} onRetry={retry}>
            {(data) => <CustomerList top={Array.isArray(data.top_customers) ? data.top_customers : []} horizon={CLV_HORIZON} reload={reload} />}
          </ApiView>
        ) : (
          <Empty message={t('state.noDataYet')} />
        )}
      </section>
      <section className="card" aria-labelledby="segment-builder-title">
        <h2 id="segment-builder-title" className="section-title">
          {t('segments.builder')}
        </h2>
        <SegmentBuilder />
      </section>
    </div>
  );
}

function RfmGrid({ grid }: { grid: RfmAnswer['grid'] }) {
  const { t, rtl } = useI18n();
  const { format } = useWorkspace();
  const option = useMemo<EChartsOption>(() => {
    const axes = directionalAxes(rtl);
    const scores = (values: number[]) => Array.from(new Set(values)).sort((a, b) => a - b).map(String);
    const rScores = scores(grid.map((cell) => cell.r));
    const fScores = scores(grid.map((cell) => cell.f));
    const max = Math.max(1, ...grid.map((cell) => cell.customers));
    const scoreLabel = (value: string) => format.unit('count', Number(value));
    return {
      grid: { top: 36, bottom: 64, left: 16, right: 16, containLabel: true },
      tooltip: {
        formatter: (params: unknown) => {
          const cell = grid[(params as { dataIndex: number }).dataIndex];
          if (!cell) return '';
          return `R ${format.unit('count', cell.r)} · F ${format.unit('count', cell.f)}<br/>${t('customers.customers')}: <b>${format.unit('count', cell.customers)}</b><br/>${t('customers.revenue')}: ${format.unit('money', cell.revenue)}`;
        },
      },
      // Scores are category names ("1"…"5"); the labels show them in the language's digits.
      xAxis: { type: 'category', data: fScores, name: t('customers.frequency'), nameLocation: 'middle', nameGap: 28, inverse: axes.inverseX, axisLabel: { formatter: scoreLabel } },
      yAxis: { type: 'category', data: rScores, name: t('customers.recency'), position: axes.primarySide, axisLabel: { formatter: scoreLabel } },
      visualMap: { min: 0, max, calculable: false, orient: 'horizontal', left: 'center', bottom: 0, inRange: { color: HEAT_COLORS }, formatter: (value: number) => format.unit('count', value) },
      series: [
        {
          type: 'heatmap',
          data: grid.map((cell) => [fScores.indexOf(String(cell.f)), rScores.indexOf(String(cell.r)), cell.customers]),
          label: { show: true, formatter: (params: { value: number[] }) => format.unit('count', params.value[2]) },
        },
      ],
    };
  }, [grid, rtl, format, t]);
  return <Chart option={option} height={340} testId="rfm-heatmap" label={t('customers.rfm')} />;
}

function Segments({ segments }: { segments: RfmAnswer['segments'] }) {
  const { t, idLabel } = useI18n();
  const { format } = useWorkspace();
  return (
    <DataTable
      testId="segments-table"
      rows={segments}
      rowKey={(row) => row.segment}
      initialSort={{ key: 'customers', direction: 'desc' }}
      columns={[
        { key: 'segment', label: t('customers.segment'), render: (row) => idLabel('segment', row.segment) },
        { key: 'customers', label: t('customers.customers'), numeric: true, render: (row) => format.unit('count', row.customers) },
        { key: 'revenue', label: t('customers.revenue'), numeric: true, render: (row) => format.unit('money', row.revenue) },
      ]}
    />
  );
}

function CohortHeatmap({ cohorts }: { cohorts: CohortsAnswer['cohorts'] }) {
  const { t, rtl, locale } = useI18n();
  const { format } = useWorkspace();
  const option = useMemo<EChartsOption>(() => {
    const axes = directionalAxes(rtl);
    const periods = Math.max(0, ...cohorts.map((cohort) => (Array.isArray(cohort.retention) ? cohort.retention.length : 0)));
    const labels = Array.from({ length: periods }, (_, n) => t('customers.period', { n: format.unit('count', n) }));
    const cells: Array<[number, number, number]> = [];
    cohorts.forEach((cohort, row) => (cohort.retention ?? []).forEach((value, column) => cells.push([column, row, value])));
    return {
      grid: { top: 16, bottom: 64, left: 16, right: 16, containLabel: true },
      tooltip: {
        formatter: (params: unknown) => {
          const [column, row, value] = (params as { value: [number, number, number] }).value;
          const cohort = cohorts[row];
          return `${formatMonth(cohort?.cohort ?? '', locale)} · ${labels[column] ?? ''}<br/><b>${format.unit('ratio', value)}</b> (${t('customers.size')}: ${format.unit('count', cohort?.size)})`;
        },
      },
      xAxis: { type: 'category', data: labels, position: 'top', inverse: axes.inverseX },
      yAxis: { type: 'category', data: cohorts.map((cohort) => formatMonth(cohort.cohort, locale)), inverse: true, position: axes.primarySide },
      visualMap: { min: 0, max: 1, orient: 'horizontal', left: 'center', bottom: 0, inRange: { color: HEAT_COLORS }, formatter: (value: number) => format.unit('ratio', value) },
      series: [{ type: 'heatmap', data: cells, label: { show: periods <= 12, formatter: (params: { value: number[] }) => format.unit('ratio', params.value[2]) } }],
    };
  }, [cohorts, rtl, format, t, locale]);
  return <Chart option={option} height={Math.max(240, 32 * cohorts.length + 100)} testId="cohort-heatmap" label={t('customers.cohorts')} />;
}

function Funnel({ stages }: { stages: FunnelAnswer['stages'] }) {
  const { t, idLabel } = useI18n();
  const { format } = useWorkspace();
  const option = useMemo<EChartsOption>(
    () => ({
      tooltip: { trigger: 'item', valueFormatter: (value: unknown) => format.unit('count', typeof value === 'number' ? value : null) },
      series: [
        {
          type: 'funnel',
          sort: 'none',
          left: '10%',
          width: '80%',
          gap: 2,
          minSize: '18%',
          label: { position: 'inside', formatter: (params: { name: string; value: number }) => `${params.name}: ${format.unit('count', params.value)}` },
          data: stages.map((stage) => ({ name: idLabel('stage', stage.stage), value: stage.count })),
        },
      ],
    }),
    [stages, format, idLabel],
  );
  return (
    <>
      <Chart option={option} height={300} testId="crm-funnel" label={t('customers.funnel')} />
      <DataTable
        testId="funnel-table"
        rows={stages}
        rowKey={(row) => row.stage}
        columns={[
          { key: 'stage', label: t('customers.stage'), sortable: false, render: (row) => idLabel('stage', row.stage) },
          { key: 'count', label: t('customers.count'), numeric: true, sortable: false, render: (row) => format.unit('count', row.count) },
          { key: 'rate_from_previous', label: t('customers.rateFromPrevious'), numeric: true, sortable: false, render: (row) => format.unit('ratio', row.rate_from_previous) },
          { key: 'median_days', label: t('customers.medianDays'), numeric: true, sortable: false, render: (row) => format.unit('number', row.median_days) },
        ]}
      />
    </>
  );
}
