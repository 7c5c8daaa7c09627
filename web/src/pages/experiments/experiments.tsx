import { useMemo, useState } from 'react';
import { Chart } from '../../components/charts/chart';
import { DataTable } from '../../components/data-table';
import type { EChartsOption } from '../../components/charts/echarts';
import { ShareButton } from '../../components/share-button';
import { ApiView, Empty } from '../../components/state-view';
import { useI18n } from '../../i18n/i18n-context';
import type { ExperimentsAnswer } from '../../lib/api-types.generated';
import { directionalAxes } from '../../lib/charts/chart-axes';
import { formatCount, formatPValue } from '../../lib/format/format';
import { href } from '../../lib/route';
import { useApi } from '../../lib/use-api';
import { useWorkspace } from '../../workspace-context';
import { ExperimentForm } from './experiments-form';
import { SamplePlanner } from './experiments-planner';
import { AssignmentBanner, ExperimentActions, OtherMetrics, ProgressCard, SrmBanner, StoppingRule } from './experiments-results';
import { SampleBanner } from './experiments-sample';
import { isTested, type ExperimentResultsDoc, type TestedRow } from './experiments-types';

/** One experiment as `GET /v1/experiments` lists it. */
type Experiment = ExperimentsAnswer['experiments'][number];
/** A variant of a tested metric in the results (experiments-types.ts). */
type VariantResult = TestedRow;

/** Experiments: the list, or one experiment's results when an id is in the route. */
export function ExperimentsPage({ experimentId }: { experimentId: string | null }) {
  const { t } = useI18n();
  const [reload, setReload] = useState(0);
  const [creating, setCreating] = useState(false);
  const list = useApi<ExperimentsAnswer>('/v1/experiments', reload);
  const experiments = list.status === 'ok' && Array.isArray(list.data.experiments) ? list.data.experiments : [];
  if (experimentId !== null) {
    const experiment = experiments.find((item) => String(item.id) === experimentId);
    return <ExperimentResultView id={experimentId} experiment={experiment} onChanged={() => setReload((n) => n + 1)} />;
  }
  return (
    <div className="page">
      <div className="page__head">
        <h1>{t('experiments.title')}</h1>
        {creating ? null : (
          <button type="button" className="button button--primary" data-testid="experiment-new" onClick={() => setCreating(true)}>
            {t('experiments.new')}
          </button>
        )}
      </div>
      {creating ? (
        <ExperimentForm
          onSaved={(def) => {
            setCreating(false);
            setReload((n) => n + 1);
            window.location.hash = href('experiments', def.id);
          }}
          onCancel={() => setCreating(false)}
        />
      ) : null}
      <section className="card" aria-labelledby="experiments-title">
        <h2 id="experiments-title" className="section-title">
          {t('experiments.list')}
        </h2>
        <ApiView state={list} onRetry={() => setReload((n) => n + 1)}>
          {() => (experiments.length === 0 ? <Empty message={t('experiments.none')} /> : <ExperimentList experiments={experiments} />)}
        </ApiView>
      </section>
      {creating ? null : <SamplePlanner variants={2} />}
    </div>
  );
}

function variantNames(experiment: Experiment): string {
  const variants = Array.isArray(experiment.variants) ? experiment.variants : [];
  return variants.map((variant) => (typeof variant === 'string' ? variant : variant.name)).join(', ');
}

function ExperimentList({ experiments }: { experiments: Experiment[] }) {
  const { t, idLabel } = useI18n();
  const { format } = useWorkspace();
  return (
    <DataTable
      testId="experiments-table"
      rows={experiments}
      rowKey={(row) => String(row.id)}
      columns={[
        {
          key: 'name',
          label: t('experiments.name'),
          render: (row) => (
            <a href={href('experiments', String(row.id))} translate="no">
              {row.name || row.key}
            </a>
          ),
        },
        { key: 'key', label: t('experiments.key'), render: (row) => <code>{row.key}</code> },
        {
          key: 'status',
          label: t('experiments.status'),
          render: (row) => (
            <span className={`badge badge--${row.status}`} data-testid="experiment-status">
              {idLabel('status', row.status)}
            </span>
          ),
        },
        { key: 'variants', label: t('experiments.variants'), sortable: false, render: (row) => <span translate="no">{variantNames(row)}</span> },
        { key: 'primary_metric', label: t('experiments.primaryMetric'), render: (row) => (row.primary_metric ? t(`experiments.metric.${row.primary_metric}` as 'experiments.metric.conversion_rate') : '—') },
        { key: 'winner', label: t('experiments.winner'), render: (row) => <span translate="no">{(row as Experiment & { winner?: string | null }).winner ?? '—'}</span> },
      ]}
    />
  );
}

function ExperimentResultView({ id, experiment, onChanged }: { id: string; experiment?: Experiment; onChanged: () => void }) {
  const { t, idLabel } = useI18n();
  const [reload, setReload] = useState(0);
  const [editing, setEditing] = useState(false);
  const results = useApi<ExperimentResultsDoc>(`/v1/experiments/${encodeURIComponent(id)}/results`, reload);
  const def = results.status === 'ok' ? results.data.experiment : undefined;
  const changed = () => {
    setEditing(false);
    setReload((n) => n + 1);
    onChanged();
  };
  const status = def?.status ?? experiment?.status;
  return (
    <div className="page">
      <p>
        <a href={href('experiments')} className="back-link" data-testid="experiments-back">
          {t('experiments.back')}
        </a>
      </p>
      <div className="page__head">
        <h1 translate="no">{def?.name ?? experiment?.name ?? id}</h1>
        {status ? (
          <span className={`badge badge--${status}`} data-testid="experiment-detail-status">
            {idLabel('status', status)}
          </span>
        ) : null}
        <ShareButton target={{ view: 'experiment', id }} />
      </div>
      {def && editing ? <ExperimentForm experiment={def} onSaved={changed} onCancel={() => setEditing(false)} /> : null}
      {def && !editing ? <ExperimentActions key={`${def.status}-${def.winner ?? ''}`} experiment={def} onChanged={changed} onEdit={() => setEditing(true)} /> : null}
      <ApiView state={results} onRetry={() => setReload((n) => n + 1)}>
        {(data) =>
          Array.isArray(data.variants) && data.variants.length > 0 ? <Results data={data} /> : <Empty message={t('state.empty')} />
        }
      </ApiView>
    </div>
  );
}

function Results({ data }: { data: ExperimentResultsDoc }) {
  const { t, locale } = useI18n();
  const { format } = useWorkspace();
  const tested = data.variants.filter(isTested);
  const isMean = tested.some((variant) => typeof variant.mean === 'number') && !tested.some((variant) => typeof variant.rate === 'number');
  const control = data.variants[0]?.name;
  return (
    <>
      <SrmBanner data={data} />
      <AssignmentBanner data={data} />
      <SampleBanner data={data} />
      {tested.length === data.variants.length ? (
        <>
          <section className="card" aria-labelledby="lift-title">
            <h2 id="lift-title" className="section-title">
              {t('experiments.liftChart')}
            </h2>
            <LiftChart variants={tested.slice(1) as VariantResult[]} />
          </section>
          <section className="card">
            <DataTable<TestedRow>
              testId="variants-table"
              rows={tested}
              rowKey={(row) => row.name}
              columns={[
                {
                  key: 'name',
                  label: t('experiments.variant'),
                  render: (row) => (
                    <>
                      <span translate="no">{row.name}</span>
                      {row.name === control ? <span className="muted"> ({t('experiments.control')})</span> : null}
                    </>
                  ),
                },
                { key: 'users', label: t('experiments.users'), numeric: true, render: (row) => format.unit('count', row.users) },
                isMean
                  ? { key: 'mean', label: t('experiments.mean'), numeric: true, render: (row) => format.unit('number', row.mean) }
                  : { key: 'rate', label: t('experiments.rate'), numeric: true, render: (row) => format.unit('ratio', row.rate) },
                { key: 'lift', label: t('experiments.lift'), numeric: true, render: (row) => format.unit('ratio', row.lift) },
                {
                  key: 'ci_low',
                  label: t('experiments.interval'),
                  numeric: true,
                  render: (row) => (row.ci_low === null || row.ci_high === null ? '—' : `${format.unit('ratio', row.ci_low)} … ${format.unit('ratio', row.ci_high)}`),
                },
                { key: 'p_value', label: t('experiments.pValue'), numeric: true, render: (row) => (row.p_value === null ? '—' : formatPValue(row.p_value, locale)) },
                {
                  key: 'sequential_p_value',
                  label: t('experiments.sequentialP'),
                  numeric: true,
                  render: (row) => (row.sequential_p_value === null || row.sequential_p_value === undefined ? '—' : formatPValue(row.sequential_p_value, locale)),
                },
                { key: 'chance_to_win', label: t('experiments.chanceToWin'), numeric: true, render: (row) => format.unit('ratio', row.chance_to_win) },
                { key: 'risk', label: t('experiments.risk'), numeric: true, render: (row) => (isMean ? format.unit('number', row.risk) : format.unit('ratio', row.risk)) },
              ]}
            />
          </section>
          <StoppingRule data={data} />
        </>
      ) : (
        <Empty message={t('experiments.notEnough')} testId="experiment-not-enough" />
      )}
      {data.stats ? <ProgressCard data={data} /> : null}
      {data.secondary || data.guardrails ? <OtherMetrics data={data} /> : null}
    </>
  );
}

interface ErrorBarApi {
  value(dimension: number): number;
  coord(point: number[]): number[];
}

/** Each treatment's lift as a dot with its 95% interval as an error bar, against a zero line. */
function LiftChart({ variants }: { variants: VariantResult[] }) {
  const { t, rtl, locale } = useI18n();
  const { format } = useWorkspace();
  const option = useMemo<EChartsOption>(() => {
    const axes = directionalAxes(rtl);
    const names = variants.map((variant) => variant.name);
    const bars = variants.map((variant, index) => [index, variant.ci_low ?? NaN, variant.ci_high ?? NaN]);
    const ratio = (value: number) => format.unit('ratio', value);
    return {
      grid: { top: 16, bottom: 32, left: 16, right: 32, containLabel: true },
      tooltip: {
        trigger: 'item',
        formatter: (params: unknown) => {
          const variant = variants[(params as { dataIndex: number }).dataIndex];
          if (!variant) return '';
          return `${variant.name}<br/>${t('experiments.lift')}: <b>${format.unit('ratio', variant.lift)}</b><br/>${t('experiments.interval')}: ${format.unit('ratio', variant.ci_low)} … ${format.unit('ratio', variant.ci_high)}`;
        },
      },
      xAxis: { type: 'value', inverse: axes.inverseX, axisLabel: { formatter: ratio }, scale: true },
      // Canvas text cannot be marked as an id: in Persian a Latin variant name becomes "نسخه ۱" (its row in the table).
      yAxis: {
        type: 'category',
        data: names,
        position: axes.primarySide,
        axisLabel: { formatter: (name: string, index: number) => (locale === 'fa' && /[A-Za-z0-9]/.test(name) ? `${t('experiments.variant')} ${formatCount(index + 1, locale)}` : name) },
      },
      series: [
        {
          type: 'custom',
          name: t('experiments.interval'),
          data: bars,
          renderItem: (_params: unknown, api: ErrorBarApi) => {
            const category = api.value(0);
            const low = api.value(1);
            const high = api.value(2);
            if (!Number.isFinite(low) || !Number.isFinite(high)) return null;
            const start = api.coord([low, category]);
            const end = api.coord([high, category]);
            const cap = 8;
            const style = { stroke: '#334155', lineWidth: 2 };
            return {
              type: 'group',
              children: [
                { type: 'line', shape: { x1: start[0], y1: start[1], x2: end[0], y2: end[1] }, style },
                { type: 'line', shape: { x1: start[0], y1: start[1] - cap, x2: start[0], y2: start[1] + cap }, style },
                { type: 'line', shape: { x1: end[0], y1: end[1] - cap, x2: end[0], y2: end[1] + cap }, style },
              ],
            };
          },
          encode: { x: [1, 2], y: 0 },
          z: 1,
        },
        {
          type: 'scatter',
          name: t('experiments.lift'),
          data: variants.map((variant, index) => [variant.lift ?? NaN, index]),
          symbolSize: 12,
          z: 2,
          itemStyle: { color: '#2563eb' },
          markLine: { silent: true, symbol: 'none', data: [{ xAxis: 0 }], lineStyle: { color: '#94a3b8', type: 'dashed' }, label: { show: false } },
        },
      ],
    };
  }, [variants, rtl, format, t, locale]);
  if (variants.length === 0) return <Empty message={t('state.empty')} />;
  return <Chart option={option} height={Math.max(160, 70 * variants.length + 60)} testId="lift-chart" label={t('experiments.liftChart')} />;
}
