import { useMemo, useState } from 'react';
import { Chart } from '../../components/charts/chart';
import { DataTable } from '../../components/data-table';
import type { EChartsOption } from '../../components/charts/echarts';
import { ApiView, Empty } from '../../components/state-view';
import { useI18n } from '../../i18n/i18n-context';
import type { BudgetFitAnswer, BudgetPlanAnswer } from '../../lib/api-types.generated';
import { directionalAxes } from '../../lib/charts/chart-axes';
import { responseCurve, steadyStateResponse } from '../../lib/charts/response-curve';
import { useApi } from '../../lib/use-api';
import { useWorkspace } from '../../workspace-context';
import { BudgetNotes, useBudgetWords } from './budget-messages';

/** How far past the largest current spend per period the curves are drawn. */
const SPAN = 2.5;

/**
 * Response curves of the fitted marketing-mix model: β·Hill(adstock) at a
 * steady spend per period, drawn from each channel's θ, K, S, β, with the
 * channel's average spend over the history marked. Drawn only from a model
 * that drives the plan: when the plan is in simple mode (`plan.mode`) or the
 * fit fails its own checks (`usable: false`) the section says why instead.
 * `plan` undefined: the plan is still loading.
 */
export function ResponseCurves({ plan }: { plan?: BudgetPlanAnswer | null }) {
  const { t } = useI18n();
  const word = useBudgetWords();
  const [reload, setReload] = useState(0);
  const simple = plan?.mode === 'simple';
  const fit = useApi<BudgetFitAnswer>(plan === undefined || simple ? null : '/v1/budget/fit', reload);
  const hidden = (reason: string) => (
    <p className="muted" data-testid="curves-hidden">
      {t('budget.curvesHidden', { reason })}
    </p>
  );
  return (
    <section className="card" aria-labelledby="curves-title" data-testid="response-curves-section">
      <h2 id="curves-title" className="section-title">
        {t('budget.curves')}
      </h2>
      {simple ? (
        hidden(word(plan.reason_message))
      ) : plan === undefined ? null : (
        <ApiView state={fit} onRetry={() => setReload((n) => n + 1)}>
          {(data) =>
            data.usable === false ? (
              hidden(word(data.unusable_reason))
            ) : Array.isArray(data.channels) && data.channels.length > 0 ? (
              <Curves data={data} />
            ) : (
              <Empty message={t('state.empty')} />
            )
          }
        </ApiView>
      )}
    </section>
  );
}

function Curves({ data }: { data: BudgetFitAnswer }) {
  const { t, rtl, channelLabel, idLabel } = useI18n();
  const { format, workspace } = useWorkspace();
  const periods = Math.max(1, data.periods);
  // Outcome per unit of spend (not ROI, which nets the spend out): per 1,000 of the currency for counts, per 1 for revenue (ROAS).
  const revenue = data.outcome === 'revenue';
  const per = revenue ? 1 : 1000;
  const perLabel = (marginal: boolean) =>
    revenue ? t(marginal ? 'budget.marginalRevenuePerUnit' : 'budget.revenuePerUnit', { currency: workspace.currency }) : t(marginal ? 'budget.marginalPer1000' : 'budget.outcomePer1000', { outcome: idLabel('outcome', data.outcome), currency: workspace.currency });
  const rows = useMemo(
    () =>
      data.channels.map((channel) => {
        const current = channel.spend / periods;
        return { ...channel, current, response: steadyStateResponse(current, channel) };
      }),
    [data, periods],
  );
  const option = useMemo<EChartsOption>(() => {
    const axes = directionalAxes(rtl);
    const top = SPAN * Math.max(1, ...rows.map((row) => row.current));
    return {
      grid: { top: 40, bottom: 40, left: 16, right: 16, containLabel: true },
      legend: { top: 0, [axes.legendAlign]: 0, type: 'scroll' },
      tooltip: { trigger: 'item', formatter: (params: unknown) => {
        const p = params as { seriesName: string; seriesType: string; name: string; value: [number, number] };
        return `${p.seriesType === 'scatter' ? `${p.name} · ${p.seriesName}` : p.seriesName}<br/>${t('budget.spendPerPeriod')}: ${format.unit('money', p.value[0])}<br/>${idLabel('outcome', data.outcome)}: <b>${format.unit('number', p.value[1])}</b>`;
      } },
      xAxis: { type: 'value', inverse: axes.inverseX, name: t(data.frequency === 'weekly' ? 'budget.spendPerWeek' : 'budget.spendPerDay'), nameLocation: 'middle', nameGap: 28, axisLabel: { formatter: (value: number) => format.axisUnit('money', value) } },
      yAxis: { type: 'value', position: axes.primarySide, name: idLabel('outcome', data.outcome), axisLabel: { formatter: (value: number) => format.axisUnit('number', value) } },
      series: [
        ...rows.map((row) => ({ type: 'line' as const, name: channelLabel(row.channel), showSymbol: false, data: responseCurve(row, top, 60) })),
        {
          type: 'scatter' as const,
          name: t('budget.currentSpend'),
          symbolSize: 11,
          itemStyle: { color: '#0f172a' },
          data: rows.map((row) => ({ name: channelLabel(row.channel), value: [row.current, row.response] })),
        },
      ],
    };
  }, [rows, rtl, format, channelLabel, idLabel, t, data.frequency, data.outcome]);
  return (
    <>
      <BudgetNotes messages={data.warning_messages} fallback={data.warnings} testId="curves-warnings" />
      <Chart option={option} height={360} testId="response-curves" label={t('budget.curves')} />
      <DataTable
        testId="curves-table"
        rows={rows}
        rowKey={(row) => row.channel}
        columns={[
          { key: 'channel', label: t('table.channel'), render: (row) => channelLabel(row.channel) },
          { key: 'current', label: t(data.frequency === 'weekly' ? 'budget.spendPerWeek' : 'budget.spendPerDay'), numeric: true, render: (row) => format.unit('money', row.current) },
          { key: 'response', label: t('budget.responseAtCurrent'), numeric: true, render: (row) => format.unit('number', row.response) },
          { key: 'beta', label: t('budget.saturation'), numeric: true, render: (row) => format.unit('number', row.beta) },
          { key: 'roi', label: perLabel(false), numeric: true, render: (row) => format.unit('number', row.roi * per) },
          { key: 'mroi', label: perLabel(true), numeric: true, render: (row) => format.unit('number', row.mroi * per) },
        ]}
      />
    </>
  );
}
