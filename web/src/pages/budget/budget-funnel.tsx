import { useState, type FormEvent } from 'react';
import { DataTable } from '../../components/data-table';
import { ApiView, Empty } from '../../components/state-view';
import { useI18n } from '../../i18n/i18n-context';
import type { MessageKey } from '../../i18n/messages-en';
import { apiUrl } from '../../lib/api';
import type { BudgetFunnelAnswer } from '../../lib/api-types.generated';

/** The funnel planner's assumptions, in the order the form shows them (the query keys of GET /v1/budget/plan-funnel). */
const FUNNEL_ASSUMPTIONS = ['cpm', 'ctr', 'visit_rate', 'cvr', 'close_rate', 'sales_rate', 'aov'] as const;
type FunnelAssumption = (typeof FUNNEL_ASSUMPTIONS)[number];
import { formatNumber, type Unit } from '../../lib/format/format';
import { useApi } from '../../lib/use-api';
import { useWorkspace } from '../../workspace-context';
import { useBudgetWords } from './budget-messages';
import { NumberInput } from '../../components/inputs/number-input';

const ASSUMPTION: Record<FunnelAssumption, { label: MessageKey; unit: Unit }> = {
  cpm: { label: 'budget.funnel.cpm', unit: 'money' },
  ctr: { label: 'budget.funnel.ctr', unit: 'ratio' },
  visit_rate: { label: 'budget.funnel.visit_rate', unit: 'ratio' },
  cvr: { label: 'budget.funnel.cvr', unit: 'ratio' },
  close_rate: { label: 'budget.funnel.close_rate', unit: 'ratio' },
  sales_rate: { label: 'budget.funnel.sales_rate', unit: 'ratio' },
  aov: { label: 'budget.funnel.aov', unit: 'money' },
};
const STAGE_UNIT: Record<string, Unit> = { budget: 'money', revenue: 'money' };

type Query = { target_sales: string } & Partial<Record<FunnelAssumption, string>>;

/**
 * Funnel planner: the budget that reaches a number of sales, walking
 * budget → impressions → clicks → visits → (leads →) sales → revenue with
 * rates prefilled from the last 30 days of paid KPIs and CRM leads; the
 * server says whether sales come through leads or from visits, and each
 * rate's basis. Any rate can be overridden.
 */
export function FunnelPlanner() {
  const { t, idLabel, locale } = useI18n();
  const { format } = useWorkspace();
  const word = useBudgetWords();
  const [draft, setDraft] = useState<Query>({ target_sales: '100' });
  const [query, setQuery] = useState<Query>({ target_sales: '100' });
  const [reload, setReload] = useState(0);
  const state = useApi<BudgetFunnelAnswer>(apiUrl('/v1/budget/funnel', query), reload);
  const prefilled = state.status === 'ok' ? state.data.assumptions : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const clean: Query = { target_sales: draft.target_sales };
    for (const key of FUNNEL_ASSUMPTIONS) if ((draft[key] ?? '').trim() !== '' && Number(draft[key]) >= 0) clean[key] = String(Number(draft[key]));
    setQuery(clean);
  };

  return (
    <section className="card" aria-labelledby="funnel-planner-title" data-testid="funnel-planner-section">
      <h2 id="funnel-planner-title" className="section-title">
        {t('budget.funnelPlanner')}
      </h2>
      <form className="budget-form" onSubmit={submit} data-testid="funnel-form">
        <label className="field">
          <span className="field__label">{t('budget.targetSales')}</span>
          <NumberInput data-testid="funnel-target" value={draft.target_sales} onChange={(value) => setDraft({ ...draft, target_sales: value })} />
        </label>
        {FUNNEL_ASSUMPTIONS.map((key) => (
          <label key={key} className="field" title={prefilled?.[key]?.basis_message ? word(prefilled[key].basis_message!) : prefilled?.[key]?.basis}>
            <span className="field__label">{t(ASSUMPTION[key].label)}</span>
            <NumberInput
              data-testid={`funnel-${key}`}
              placeholder={prefilled?.[key]?.value != null ? formatNumber(Number(prefilled[key].value!.toPrecision(4)), locale) : ''}
              value={draft[key] ?? ''}
              onChange={(value) => setDraft({ ...draft, [key]: value })}
            />
          </label>
        ))}
        <button type="submit" className="button button--primary" data-testid="funnel-submit">
          {t('budget.recompute')}
        </button>
      </form>
      <p className="muted">{t('budget.funnelHelp')}</p>
      <ApiView state={state} onRetry={() => setReload((n) => n + 1)}>
        {(data) =>
          Array.isArray(data.stages) && data.stages.length > 0 ? (
            <>
              {data.path_message ? (
                <p className="muted" data-testid="funnel-path" data-path={data.path ?? ''}>
                  {t('budget.funnelPath')}: {word(data.path_message)}
                </p>
              ) : null}
              <p className="budget-outcome">
                {t('budget.requiredBudget')}:{' '}
                <strong data-testid="funnel-budget" data-value={data.budget ?? ''}>
                  {format.unit('money', data.budget)}
                </strong>
                {' · '}
                {t('budget.funnel.cpa')}: <span data-testid="funnel-cpa">{format.unit('money', data.cpa)}</span>
                {' · '}
                {t('budget.efficiency.roas')}: <span data-testid="funnel-roas">{format.unit('number', data.roas)}</span>
              </p>
              <DataTable
                testId="funnel-stages"
                rows={data.stages}
                rowKey={(row) => row.stage}
                columns={[
                  { key: 'stage', label: t('customers.stage'), sortable: false, render: (row) => idLabel('funnelStage', row.stage) },
                  { key: 'value', label: t('budget.value'), numeric: true, sortable: false, render: (row) => format.unit(STAGE_UNIT[row.stage] ?? 'count', row.value) },
                ]}
              />
              <DataTable
                testId="funnel-assumptions"
                rows={FUNNEL_ASSUMPTIONS.map((key) => ({ key, ...(data.assumptions?.[key] ?? { value: null, source: 'missing', basis: '' }) }))}
                rowKey={(row) => row.key}
                columns={[
                  { key: 'key', label: t('budget.assumption'), sortable: false, render: (row) => t(ASSUMPTION[row.key].label) },
                  { key: 'value', label: t('budget.value'), numeric: true, sortable: false, render: (row) => format.unit(ASSUMPTION[row.key].unit, row.value) },
                  { key: 'source', label: t('budget.source'), sortable: false, render: (row) => idLabel('source', row.source) },
                  { key: 'basis', label: t('budget.basis'), sortable: false, render: (row) => (row.basis_message ? word(row.basis_message) : row.basis) },
                ]}
              />
            </>
          ) : (
            <Empty message={t('state.empty')} />
          )
        }
      </ApiView>
    </section>
  );
}
