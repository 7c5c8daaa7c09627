import { useMemo, useState, type FormEvent } from 'react';
import { Chart } from '../../components/charts/chart';
import { DataTable } from '../../components/data-table';
import type { EChartsOption } from '../../components/charts/echarts';
import { ShareButton } from '../../components/share-button';
import { ApiView, Empty } from '../../components/state-view';
import { useI18n } from '../../i18n/i18n-context';
import { apiUrl } from '../../lib/api';
import type { BudgetPlanAnswer, KpisAnswer } from '../../lib/api-types.generated';
import { directionalAxes } from '../../lib/charts/chart-axes';
import { lastDays } from '../../lib/dates/dates';
import { useApi } from '../../lib/use-api';
import { useWorkspace } from '../../workspace-context';
import { ResponseCurves } from './budget-curves';
import { FunnelPlanner } from './budget-funnel';
import { BudgetNotes, useBudgetWords } from './budget-messages';
import { WhatIf } from './budget-what-if';
import { NumberInput } from '../../components/inputs/number-input';
import { useDebounced } from '../../lib/use-debounced';

/**
 * Budget: asks the optimizer for the best split of a total over W weeks and
 * shows it against the current split. The total starts at what was spent
 * in the last W weeks of data, so "same money, better split" is the default
 * question. The plan says its mode (the marketing-mix model, or simple
 * rules and why); its moves are read off the same rows as the table. Below:
 * the what-if editor (per-channel bounds), the fitted response curves (only
 * when the model drives the plan) and the funnel planner.
 */
export function BudgetPage() {
  const { t } = useI18n();
  const { workspace } = useWorkspace();
  const [weeks, setWeeks] = useState(4);
  // Typed weeks fetch once typing pauses (issue 14).
  const weeksAsked = useDebounced(weeks);
  const recent = lastDays(workspace.data_to, weeksAsked * 7, workspace.data_from);
  const spent = useApi<KpisAnswer>(apiUrl('/v1/kpis', { by: 'channel', from: recent.from, to: recent.to }));
  const recentSpend = spent.status === 'ok' && typeof spent.data.totals?.spend === 'number' ? Math.round(spent.data.totals.spend) : null;
  const [total, setTotal] = useState<string>('');
  const [query, setQuery] = useState<{ total: number; weeks: number } | null>(null);
  const effectiveTotal = total !== '' ? Number(total) : recentSpend;
  const active = query ?? (recentSpend !== null ? { total: recentSpend, weeks: weeksAsked } : null);
  const [reload, setReload] = useState(0);
  const plan = useApi<BudgetPlanAnswer>(active ? apiUrl('/v1/budget/plan', active) : null, reload);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (effectiveTotal !== null && Number.isFinite(effectiveTotal) && effectiveTotal > 0) setQuery({ total: effectiveTotal, weeks });
  };

  return (
    <div className="page">
      <div className="page__head">
        <h1>{t('budget.title')}</h1>
        <form className="budget-form" onSubmit={submit}>
          <label className="field">
            <span className="field__label">{t('budget.total')}</span>
            <NumberInput data-testid="budget-total" value={String(total !== '' ? total : recentSpend ?? '')} onChange={setTotal} />
          </label>
          <label className="field">
            <span className="field__label">{t('budget.weeks')}</span>
            <NumberInput data-testid="budget-weeks" value={String(weeks)} onChange={(value) => setWeeks(Math.max(1, Math.min(52, Math.round(Number(value)) || 1)))} />
          </label>
          <button type="submit" className="button button--primary" data-testid="budget-submit">
            {t('budget.plan')}
          </button>
        </form>
        {active ? <ShareButton target={{ view: 'budget', ...active }} /> : null}
      </div>
      {active === null && spent.status !== 'loading' ? (
        <Empty message={spent.status === 'error' ? t('state.unavailable') : t('state.empty')} />
      ) : (
        <ApiView state={plan} onRetry={() => setReload((n) => n + 1)}>
          {(data) =>
            Array.isArray(data.allocation) && data.allocation.length > 0 ? (
              <>
                <Plan data={data} weeks={data.weeks ?? active?.weeks ?? weeks} />
                <WhatIf
                  key={`${data.total ?? active?.total}-${data.weeks ?? active?.weeks}`}
                  channels={data.allocation.map((row) => row.channel)}
                  total={data.total ?? active?.total ?? 0}
                  weeks={data.weeks ?? active?.weeks ?? weeks}
                />
              </>
            ) : (
              <Empty message={t('state.empty')} />
            )
          }
        </ApiView>
      )}
      <ResponseCurves plan={plan.status === 'ok' ? plan.data : plan.status === 'error' ? null : undefined} />
      <FunnelPlanner />
    </div>
  );
}

function Plan({ data, weeks }: { data: BudgetPlanAnswer; weeks: number }) {
  const { t, rtl, channelLabel, idLabel } = useI18n();
  const { format } = useWorkspace();
  const word = useBudgetWords();
  const outcomeUnit = data.outcome === 'revenue' ? 'money' : 'number';
  const moves = Array.isArray(data.move_messages) ? data.move_messages.map(word) : Array.isArray(data.moves) ? data.moves : [];
  const option = useMemo<EChartsOption>(() => {
    const axes = directionalAxes(rtl);
    return {
      grid: { top: 40, bottom: 24, left: 16, right: 16, containLabel: true },
      legend: { top: 0, [axes.legendAlign]: 0 },
      tooltip: { trigger: 'axis', valueFormatter: (value: unknown) => format.unit('money', typeof value === 'number' ? value : null) },
      xAxis: { type: 'category', inverse: axes.inverseX, data: data.allocation.map((row) => channelLabel(row.channel)) },
      yAxis: { type: 'value', position: axes.primarySide, axisLabel: { formatter: (value: number) => format.axisUnit('money', value) } },
      series: [
        { type: 'bar', name: t('budget.current'), data: data.allocation.map((row) => row.current), itemStyle: { color: '#94a3b8' } },
        { type: 'bar', name: t('budget.recommended'), data: data.allocation.map((row) => row.spend), itemStyle: { color: '#2563eb' } },
      ],
    };
  }, [data, rtl, channelLabel, format, t]);
  const rows = data.allocation.map((row) => ({ ...row, change: row.spend - row.current }));
  return (
    <>
      <section className="card" aria-labelledby="allocation-title">
        <h2 id="allocation-title" className="section-title">
          {t('budget.allocation')}
        </h2>
        <p className="budget-mode" data-testid="budget-mode" data-mode={data.mode ?? ''}>
          {data.mode === 'simple' ? `${t('budget.modeSimple')}: ${word(data.reason_message)}` : data.mode === 'model' ? t('budget.modeModel') : null}
        </p>
        <p className="budget-outcome" data-testid="budget-expected">
          {t('budget.expectedOf', { outcome: idLabel('outcome', data.outcome ?? 'conversions'), weeks })}: <strong>{format.unit(outcomeUnit, data.expected_outcome)}</strong>
          {typeof data.current_outcome === 'number' ? (
            <>
              {' · '}
              {t('budget.currentOutcome')}: <span data-testid="budget-current-outcome">{format.unit(outcomeUnit, data.current_outcome)}</span>
            </>
          ) : null}
        </p>
        <Chart option={option} height={340} testId="budget-chart" label={t('budget.allocation')} />
        <DataTable
          testId="budget-table"
          rows={rows}
          rowKey={(row) => row.channel}
          initialSort={{ key: 'change', direction: 'desc' }}
          columns={[
            { key: 'channel', label: t('table.channel'), render: (row) => channelLabel(row.channel) },
            { key: 'current', label: t('budget.current'), numeric: true, render: (row) => format.unit('money', row.current) },
            { key: 'spend', label: t('budget.recommended'), numeric: true, render: (row) => format.unit('money', row.spend) },
            { key: 'change', label: t('budget.change'), numeric: true, render: (row) => format.unit('money', row.change) },
          ]}
        />
      </section>
      <section className="card" aria-labelledby="moves-title">
        <h2 id="moves-title" className="section-title">
          {t('budget.moves')}
        </h2>
        {moves.length > 0 ? (
          <ol className="moves" data-testid="budget-moves">
            {moves.map((move, index) => (
              <li key={index}>{move}</li>
            ))}
          </ol>
        ) : (
          <Empty message={t('budget.noMoves')} />
        )}
        <BudgetNotes messages={data.warning_messages} testId="budget-warnings" />
      </section>
    </>
  );
}
