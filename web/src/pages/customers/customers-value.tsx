import { useMemo } from 'react';
import { Chart } from '../../components/charts/chart';
import { DataTable } from '../../components/data-table';
import type { EChartsOption } from '../../components/charts/echarts';
import { Empty } from '../../components/state-view';
import { useI18n } from '../../i18n/i18n-context';
import type { ClvAnswer, LtvCacAnswer } from '../../lib/api-types.generated';
import { directionalAxes } from '../../lib/charts/chart-axes';
import { formatDate } from '../../lib/format/format';
import { useWorkspace } from '../../workspace-context';

/** LTV:CAC and payback per acquisition channel: a bar chart and a table. */
export function LtvCac({ data }: { data: LtvCacAnswer }) {
  const { t, rtl, channelLabel, locale } = useI18n();
  const { format } = useWorkspace();
  const rows = Array.isArray(data.channels) ? data.channels : [];
  const option = useMemo<EChartsOption>(() => {
    const axes = directionalAxes(rtl);
    const charted = rows.filter((row) => row.ltv_cac !== null);
    return {
      grid: { top: 16, bottom: 24, left: 16, right: 16, containLabel: true },
      tooltip: { trigger: 'axis', valueFormatter: (value: unknown) => format.unit('number', typeof value === 'number' ? value : null) },
      xAxis: { type: 'category', inverse: axes.inverseX, data: charted.map((row) => channelLabel(row.channel)) },
      yAxis: { type: 'value', position: axes.primarySide, axisLabel: { formatter: (value: number) => format.axisUnit('number', value) } },
      series: [
        {
          type: 'bar',
          name: t('customers.ltvCac'),
          data: charted.map((row) => ({ value: row.ltv_cac, itemStyle: { color: (row.ltv_cac ?? 0) >= 3 ? '#16a34a' : (row.ltv_cac ?? 0) >= 1 ? '#2563eb' : '#dc2626' } })),
          markLine: { silent: true, symbol: 'none', data: [{ yAxis: 1 }], label: { formatter: () => format.axisUnit('number', 1) }, lineStyle: { type: 'dashed', color: '#94a3b8' } },
        },
      ],
    };
  }, [rows, rtl, format, channelLabel, t]);
  if (rows.length === 0) return <Empty message={t('state.empty')} />;
  return (
    <>
      <p className="muted">{t('customers.ltvCacRange', { from: formatDate(data.from, locale), to: formatDate(data.to, locale), days: format.unit('count', data.period_days) })}</p>
      <Chart option={option} height={260} testId="ltv-cac-chart" label={t('customers.ltvCac')} />
      <DataTable
        testId="ltv-cac-table"
        rows={rows}
        rowKey={(row) => row.channel}
        columns={[
          { key: 'channel', label: t('table.channel'), sortable: false, render: (row) => channelLabel(row.channel) },
          { key: 'customers', label: t('customers.newCustomers'), numeric: true, sortable: false, render: (row) => format.unit('count', row.customers) },
          { key: 'spend', label: t('customers.spend'), numeric: true, sortable: false, render: (row) => format.unit('money', row.spend) },
          { key: 'cac', label: t('customers.cac'), numeric: true, sortable: false, render: (row) => format.unit('money', row.cac) },
          { key: 'ltv', label: t('customers.ltv'), numeric: true, sortable: false, render: (row) => format.unit('money', row.ltv) },
          { key: 'ltv_cac', label: t('customers.ltvCac'), numeric: true, sortable: false, render: (row) => format.unit('number', row.ltv_cac) },
          { key: 'payback_days', label: t('customers.paybackDays'), numeric: true, sortable: false, render: (row) => format.unit('number', row.payback_days) },
        ]}
      />
    </>
  );
}

/**
 * Predicted CLV over the horizon: the server's histogram (bins with exact money edges) and its
 * P(alive) summary; no per-customer values travel for the picture (issue 14).
 */
export function ClvDistribution({ data }: { data: ClvAnswer }) {
  const { t, rtl } = useI18n();
  const { format } = useWorkspace();
  const bins = useMemo(() => {
    const { edges, counts } = data.distribution.clv;
    return counts.map((count, i) => ({ from: Number(edges[i]), to: Number(edges[i + 1]), count }));
  }, [data]);
  const option = useMemo<EChartsOption>(() => {
    const axes = directionalAxes(rtl);
    return {
      grid: { top: 16, bottom: 40, left: 16, right: 16, containLabel: true },
      tooltip: {
        trigger: 'axis',
        formatter: (params: unknown) => {
          const bin = bins[(params as Array<{ dataIndex: number }>)[0]?.dataIndex ?? -1];
          return bin ? `${format.unit('money', bin.from)} – ${format.unit('money', bin.to)}<br/><b>${format.unit('count', bin.count)}</b>` : '';
        },
      },
      xAxis: { type: 'category', inverse: axes.inverseX, name: t('customers.predictedClv'), nameLocation: 'middle', nameGap: 28, data: bins.map((bin) => format.axisUnit('money', bin.from)) },
      yAxis: { type: 'value', position: axes.primarySide, axisLabel: { formatter: (value: number) => format.axisUnit('count', value) } },
      series: [{ type: 'bar', barCategoryGap: '4%', name: t('customers.customers'), data: bins.map((bin) => bin.count), itemStyle: { color: '#2563eb' } }],
    };
  }, [bins, rtl, format, t]);
  if (data.customers === 0) return <Empty message={t('state.empty')} />;
  const stats: Array<[string, string, number | null, string]> = [
    ['customers', t('customers.customers'), data.customers, format.unit('count', data.customers)],
    ['total-clv', t('customers.totalClv', { days: format.unit('count', data.horizon_days) }), data.total_clv, format.unit('money', data.total_clv)],
    ['median-clv', t('customers.medianClv'), data.median_clv, format.unit('money', data.median_clv)],
    ['mean-alive', t('customers.meanAlive'), data.mean_p_alive, format.unit('ratio', data.mean_p_alive)],
    ['likely-alive', t('customers.likelyAlive'), data.likely_alive, format.unit('ratio', data.likely_alive)],
  ];
  return (
    <>
      <dl className="stat-list" data-testid="clv-summary">
        {stats.map(([key, label, raw, text]) => (
          <div key={key} className="stat">
            <dt>{label}</dt>
            <dd data-testid={`clv-${key}`} data-value={raw ?? ''}>
              {text}
            </dd>
          </div>
        ))}
      </dl>
      <Chart option={option} height={260} testId="clv-histogram" label={t('customers.clv')} />
    </>
  );
}
