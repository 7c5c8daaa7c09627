import { useEffect, useMemo, useState } from 'react';
import { Chart } from '../components/charts/chart';
import { DataTable, type Column } from '../components/data-table';
import { DateRangePicker } from '../components/inputs/date-range-picker';
import type { EChartsOption } from '../components/charts/echarts';
import { ShareButton } from '../components/share-button';
import { ApiView, Empty } from '../components/state-view';
import { useI18n } from '../i18n/i18n-context';
import { apiUrl } from '../lib/api';
import type { AttributionCompareAnswer, AttributionPathsAnswer } from '../lib/api-types.generated';

type HighlightItem = AttributionCompareAnswer['highlight_items'][number];
import { formatChange } from '../lib/format/format';
import { directionalAxes } from '../lib/charts/chart-axes';
import type { RangeChoice } from '../lib/dates/range-query';
import { useApi } from '../lib/use-api';
import { useWorkspace } from '../workspace-context';

const MODELS = ['first', 'last', 'last-non-direct', 'linear', 'time-decay', 'position', 'markov', 'shapley'];
type CreditMetric = 'conversions' | 'revenue' | 'cpa' | 'roas';
const CREDIT_METRICS: CreditMetric[] = ['conversions', 'revenue', 'cpa', 'roas'];

/** Attribution: models side by side per channel, highlights, path reports and the journey Sankey. */
export function AttributionPage({ choice, onChoice }: { choice: RangeChoice; onChoice(choice: Pick<RangeChoice, 'preset' | 'range' | 'comparison'>): void }) {
  const { t } = useI18n();
  const { range } = choice;
  const [reload, setReload] = useState(0);
  const retry = () => setReload((n) => n + 1);
  const params = { from: range.from, to: range.to };
  const compare = useApi<AttributionCompareAnswer>(apiUrl('/v1/attribution/compare', { ...params, models: MODELS.join(',') }), reload);
  const paths = useApi<AttributionPathsAnswer>(apiUrl('/v1/attribution/paths', params), reload);

  return (
    <div className="page">
      <div className="page__head">
        <h1>{t('attribution.title')}</h1>
        <DateRangePicker choice={choice} onChange={onChoice} />
        <ShareButton target={{ view: 'attribution', ...params }} />
      </div>
      <section className="card" aria-labelledby="models-title">
        <h2 id="models-title" className="section-title">
          {t('attribution.models')}
        </h2>
        <ApiView state={compare} onRetry={retry}>
          {(data) => (Array.isArray(data.rows) && data.rows.length > 0 ? <ModelComparison data={data} /> : <Empty message={t('state.empty')} />)}
        </ApiView>
      </section>
      <ApiView state={paths} onRetry={retry}>
        {(data) => <PathReports data={data} />}
      </ApiView>
    </div>
  );
}

function ModelComparison({ data }: { data: AttributionCompareAnswer }) {
  const { t, rtl, channelLabel, idLabel, locale } = useI18n();
  const { format } = useWorkspace();
  const [metric, setMetric] = useState<CreditMetric>('conversions');
  /** A highlight worded in this locale from its message id; the server's English line when the id is unknown. */
  const highlightText = (item: HighlightItem | undefined, line: string): string => {
    if (item?.id === 'closest_to_truth') return t('attribution.closest', { model: idLabel('model', item.model), off: format.unit('ratio', item.share_error) });
    if (item?.id === 'model_change') {
      return t('attribution.change', { channel: channelLabel(item.channel), change: formatChange(item.change, locale), model: idLabel('model', item.model), baseline: idLabel('model', item.baseline) });
    }
    return line;
  };
  const models = Array.isArray(data.models) && data.models.length > 0 ? data.models : Object.keys(data.rows[0]?.models ?? {});
  const hasTruth = data.rows.some((row) => row.truth) && (metric === 'conversions' || metric === 'revenue');

  type Row = Record<string, string | number | null>;
  const rows = useMemo<Row[]>(
    () =>
      data.rows.map((row) => {
        const flat: Row = { channel: row.channel, spend: row.spend ?? null };
        if (row.truth) flat.truth = row.truth[metric as 'conversions' | 'revenue'] ?? null;
        for (const model of models) flat[model] = row.models?.[model]?.[metric] ?? null;
        return flat;
      }),
    [data, metric, models],
  );
  const columns: Column<Row>[] = [
    { key: 'channel', label: t('table.channel'), render: (row) => channelLabel(String(row.channel)) },
    { key: 'spend', label: format.label('spend'), numeric: true, render: (row) => format.metric('spend', row.spend as number | null) },
    ...(hasTruth
      ? [{ key: 'truth', label: t('attribution.truth'), numeric: true, render: (row: Row) => format.metric(metric, row.truth as number | null) }]
      : []),
    ...models.map((model) => ({
      key: model,
      label: idLabel('model', model),
      numeric: true,
      render: (row: Row) => format.metric(metric, row[model] as number | null),
    })),
  ];

  const option = useMemo<EChartsOption>(() => {
    const axes = directionalAxes(rtl);
    const channels = data.rows.map((row) => channelLabel(row.channel));
    const series = models.map((model) => ({
      name: idLabel('model', model),
      type: 'bar',
      data: data.rows.map((row) => row.models?.[model]?.[metric] ?? null),
    }));
    if (hasTruth) {
      series.push({
        name: t('attribution.truth'),
        type: 'scatter',
        data: data.rows.map((row) => row.truth?.[metric as 'conversions' | 'revenue'] ?? null),
        symbol: 'diamond',
        symbolSize: 14,
      } as (typeof series)[number]);
    }
    return {
      grid: { top: 56, bottom: 24, left: 16, right: 16, containLabel: true },
      legend: { top: 0, type: 'scroll', [axes.legendAlign]: 0, pageFormatter: (page: { current: number; total: number }) => `${format.unit('count', page.current)}/${format.unit('count', page.total)}` },
      tooltip: { trigger: 'axis', valueFormatter: (value: unknown) => format.metric(metric, typeof value === 'number' ? value : null) },
      xAxis: { type: 'category', data: channels, inverse: axes.inverseX, axisLabel: { interval: 0, rotate: channels.length > 6 ? 30 : 0 } },
      yAxis: { type: 'value', position: axes.primarySide, axisLabel: { formatter: (value: number) => format.axis(metric, value) } },
      series,
    };
  }, [data, models, metric, hasTruth, rtl, channelLabel, idLabel, format, t]);

  return (
    <>
      <label className="field field--inline">
        <span className="field__label">{t('attribution.show')}</span>
        <select data-testid="attribution-metric" value={metric} onChange={(event) => setMetric(event.target.value as CreditMetric)}>
          {CREDIT_METRICS.map((name) => (
            <option key={name} value={name}>
              {format.label(name)}
            </option>
          ))}
        </select>
      </label>
      <Chart option={option} height={360} testId="attribution-chart" label={t('attribution.models')} />
      <DataTable testId="attribution-table" rows={rows} columns={columns} rowKey={(row) => String(row.channel)} />
      {Array.isArray(data.highlights) && data.highlights.length > 0 ? (
        <div className="highlights" data-testid="attribution-highlights">
          <h3>{t('attribution.highlights')}</h3>
          <ul>
            {data.highlights.map((line, index) => (
              <li key={index}>{highlightText(data.highlight_items?.[index], line)}</li>
            ))}
          </ul>
        </div>
      ) : null}
    </>
  );
}

function PathReports({ data }: { data: AttributionPathsAnswer }) {
  const { t, rtl, channelLabel } = useI18n();
  const { format } = useWorkspace();
  type PathRow = { path: string; journeys: number; conversions: number; value: number };
  const topPaths: PathRow[] = (data.top_paths ?? []).map((row) => ({
    path: (Array.isArray(row.path) ? row.path : [String(row.path)]).map(channelLabel).join(rtl ? ' ← ' : ' → '),
    journeys: row.journeys,
    conversions: row.conversions,
    value: row.value,
  }));
  const assisted = data.assisted ?? [];
  return (
    <>
      <section className="card" aria-labelledby="paths-title">
        <h2 id="paths-title" className="section-title">
          {t('attribution.paths')}
        </h2>
        <DataTable
          testId="paths-table"
          rows={topPaths}
          rowKey={(row, index) => `${row.path}-${index}`}
          initialSort={{ key: 'conversions', direction: 'desc' }}
          columns={[
            { key: 'path', label: t('attribution.path') },
            { key: 'journeys', label: t('attribution.journeys'), numeric: true, render: (row) => format.unit('count', row.journeys) },
            { key: 'conversions', label: format.label('conversions'), numeric: true, render: (row) => format.unit('number', row.conversions) },
            { key: 'value', label: t('attribution.value'), numeric: true, render: (row) => format.unit('money', row.value) },
          ]}
        />
      </section>
      <div className="two-up">
        <section className="card" aria-labelledby="lengths-title">
          <h2 id="lengths-title" className="section-title">
            {t('attribution.pathLengths')}
          </h2>
          <DistributionChart
            testId="path-length-chart"
            label={t('attribution.pathLengths')}
            axisName={t('attribution.touchpoints')}
            points={(data.path_lengths ?? []).map((row) => [row.length, row.conversions])}
          />
        </section>
        <section className="card" aria-labelledby="days-title">
          <h2 id="days-title" className="section-title">
            {t('attribution.daysToConversion')}
          </h2>
          <DistributionChart
            testId="days-to-conversion-chart"
            label={t('attribution.daysToConversion')}
            axisName={t('attribution.days')}
            points={(data.days_to_conversion ?? []).map((row) => [row.days, row.conversions])}
          />
        </section>
      </div>
      <section className="card" aria-labelledby="assisted-title">
        <h2 id="assisted-title" className="section-title">
          {t('attribution.assisted')}
        </h2>
        <DataTable
          testId="assisted-table"
          rows={assisted}
          rowKey={(row) => row.channel}
          initialSort={{ key: 'assisted', direction: 'desc' }}
          columns={[
            { key: 'channel', label: t('table.channel'), render: (row) => channelLabel(row.channel) },
            { key: 'assisted', label: t('attribution.assistedCount'), numeric: true, render: (row) => format.unit('number', row.assisted) },
            { key: 'last_touch', label: t('attribution.lastTouch'), numeric: true, render: (row) => format.unit('number', row.last_touch) },
            { key: 'ratio', label: t('attribution.ratio'), numeric: true, render: (row) => format.unit('number', row.ratio) },
          ]}
        />
      </section>
      <section className="card" aria-labelledby="flow-title">
        <h2 id="flow-title" className="section-title">
          {t('attribution.flow')}
        </h2>
        {data.sankey && Array.isArray(data.sankey.nodes) && data.sankey.nodes.length > 0 ? (
          <SankeyChart sankey={data.sankey} />
        ) : (
          <Empty message={t('state.empty')} />
        )}
      </section>
    </>
  );
}

function DistributionChart({ points, testId, label, axisName }: { points: Array<[number, number]>; testId: string; label: string; axisName: string }) {
  const { rtl, t } = useI18n();
  const { format } = useWorkspace();
  const option = useMemo<EChartsOption>(() => {
    const axes = directionalAxes(rtl);
    return {
      grid: { top: 24, bottom: 32, left: 16, right: 16, containLabel: true },
      tooltip: { trigger: 'axis', valueFormatter: (value: unknown) => format.unit('number', typeof value === 'number' ? value : null) },
      xAxis: {
        type: 'category',
        name: axisName,
        nameLocation: 'middle',
        nameGap: 28,
        inverse: axes.inverseX,
        data: points.map(([x]) => x),
        axisLabel: { formatter: (value: string) => format.unit('count', Number(value)) },
      },
      yAxis: { type: 'value', position: axes.primarySide, axisLabel: { formatter: (value: number) => format.unit('count', value) } },
      series: [{ type: 'bar', name: format.label('conversions'), data: points.map(([, y]) => y), barMaxWidth: 28 }],
    };
  }, [points, rtl, axisName, format]);
  if (points.length === 0) return <Empty message={t('state.empty')} />;
  return <Chart option={option} height={260} testId={testId} label={label} />;
}

/**
 * Node names may carry a step (`2:email`, `email (2)`); translate the channel
 * part, write the step in the locale's digits, and word the two ends.
 */
function sankeyLabel(name: string, channelLabel: (id: string) => string, step: (n: string) => string, ends: Record<string, string>): string {
  if (ends[name]) return ends[name];
  const prefixed = /^(\d+)\s*[:.|>-]\s*(.+)$/.exec(name);
  if (prefixed) return `${channelLabel(prefixed[2])} (${step(prefixed[1])})`;
  const suffixed = /^(.+?)\s*[(#@:|_-]\s*(\d+)\)?$/.exec(name);
  if (suffixed && !/^\d+$/.test(suffixed[1])) return `${channelLabel(suffixed[1])} (${step(suffixed[2])})`;
  return channelLabel(name);
}

function SankeyChart({ sankey }: { sankey: AttributionPathsAnswer['sankey'] }) {
  const { t, rtl, channelLabel } = useI18n();
  const { format } = useWorkspace();
  const option = useMemo<EChartsOption>(() => {
    const names = new Set(sankey.nodes.map((node) => node.name));
    const links = (sankey.links ?? []).filter((link) => link.source !== link.target && names.has(link.source) && names.has(link.target));
    return {
      tooltip: { trigger: 'item', valueFormatter: (value: unknown) => format.unit('number', typeof value === 'number' ? value : null) },
      series: [
        {
          type: 'sankey',
          emphasis: { focus: 'adjacency' },
          nodeGap: 10,
          left: 8,
          right: 120,
          data: sankey.nodes.map((node) => ({ name: node.name })),
          links,
          label: {
            formatter: (params: { name: string }) =>
              sankeyLabel(params.name, channelLabel, (n) => format.unit('count', Number(n)), {
                conversion: t('attribution.nodeConversion'),
                'no conversion': t('attribution.nodeNoConversion'),
              }),
          },
          lineStyle: { color: 'gradient', opacity: 0.35 },
        },
      ],
    };
  }, [sankey, channelLabel, format, t]);
  const narrow = useNarrow();
  if (narrow) {
    // A Sankey on a phone is a tangle of unreadable labels: the same flows as a list, biggest first.
    const label = (name: string) =>
      sankeyLabel(name, channelLabel, (n) => format.unit('count', Number(n)), { conversion: t('attribution.nodeConversion'), 'no conversion': t('attribution.nodeNoConversion') });
    const flows = [...(sankey.links ?? [])].filter((link) => link.source !== link.target).sort((a, b) => (b.value ?? 0) - (a.value ?? 0)).slice(0, 15);
    return (
      <ol className="flow-list" data-testid="sankey-list" aria-label={t('attribution.flow')}>
        {flows.map((link) => (
          <li key={`${link.source}>${link.target}`}>
            {label(link.source)} {rtl ? '←' : '→'} {label(link.target)}: <b>{format.unit('count', link.value)}</b>
          </li>
        ))}
      </ol>
    );
  }
  return <Chart option={option} height={420} testId="sankey-chart" label={t('attribution.flow')} />;
}

/** True while the viewport is phone-sized (up to 480 px). */
function useNarrow(): boolean {
  const query = '(max-width: 480px)';
  const [narrow, setNarrow] = useState(() => window.matchMedia(query).matches);
  useEffect(() => {
    const list = window.matchMedia(query);
    const onChange = () => setNarrow(list.matches);
    list.addEventListener('change', onChange);
    return () => list.removeEventListener('change', onChange);
  }, []);
  return narrow;
}
