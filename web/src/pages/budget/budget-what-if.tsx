import { useState, type FormEvent } from 'react';
import { DataTable } from '../../components/data-table';
import { ErrorState, Loading } from '../../components/state-view';
import { useI18n } from '../../i18n/i18n-context';
import { ApiError, apiSend } from '../../lib/api';
import type { BudgetWhatIfAnswer } from '../../lib/api-types.generated';
import { useWorkspace } from '../../workspace-context';
import { NumberInput } from '../../components/inputs/number-input';

type Bounds = Record<string, { min: string; max: string }>;

/** The `bounds` object of POST /v1/budget/plan from the typed min/max fields (blank = no bound). */
function boundsOf(bounds: Bounds): Record<string, { min?: number; max?: number }> {
  const out: Record<string, { min?: number; max?: number }> = {};
  for (const [channel, { min, max }] of Object.entries(bounds)) {
    const entry: { min?: number; max?: number } = {};
    if (min.trim() !== '' && Number(min) >= 0) entry.min = Number(min);
    if (max.trim() !== '' && Number(max) >= 0) entry.max = Number(max);
    if (entry.min !== undefined || entry.max !== undefined) out[channel] = entry;
  }
  return out;
}

/**
 * What-if: per-channel minimum and maximum spend over the horizon, sent as
 * `bounds` to POST /v1/budget/plan with the plan's total and weeks; shows
 * the constrained plan and its expected outcome beside the current split's.
 */
export function WhatIf({ channels, total, weeks }: { channels: string[]; total: number; weeks: number }) {
  const { t, channelLabel } = useI18n();
  const { format } = useWorkspace();
  const [bounds, setBounds] = useState<Bounds>({});
  const [state, setState] = useState<{ status: 'idle' } | { status: 'loading' } | { status: 'ok'; data: BudgetWhatIfAnswer } | { status: 'error'; error: ApiError }>({ status: 'idle' });
  const field = (channel: string, side: 'min' | 'max') => bounds[channel]?.[side] ?? '';
  const set = (channel: string, side: 'min' | 'max', value: string) =>
    setBounds((current) => ({ ...current, [channel]: { min: current[channel]?.min ?? '', max: current[channel]?.max ?? '', [side]: value } }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setState({ status: 'loading' });
    try {
      const data = await apiSend<BudgetWhatIfAnswer>('/v1/budget/plan', { total, weeks, bounds: boundsOf(bounds) });
      setState({ status: 'ok', data });
    } catch (caught) {
      setState({ status: 'error', error: caught instanceof ApiError ? caught : new ApiError(0, String(caught)) });
    }
  };

  return (
    <section className="card" aria-labelledby="what-if-title" data-testid="what-if-section">
      <h2 id="what-if-title" className="section-title">
        {t('budget.whatIf')}
      </h2>
      <p className="muted">{t('budget.whatIfHelp', { total: format.unit('money', total), weeks: format.unit('count', weeks) })}</p>
      <form onSubmit={submit} data-testid="what-if-form">
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('table.channel')}</th>
                <th scope="col" className="num">{t('budget.min')}</th>
                <th scope="col" className="num">{t('budget.max')}</th>
              </tr>
            </thead>
            <tbody>
              {channels.map((channel) => (
                <tr key={channel}>
                  <th scope="row">{channelLabel(channel)}</th>
                  {(['min', 'max'] as const).map((side) => (
                    <td key={side} className="num">
                      <NumberInput
                        aria-label={`${channelLabel(channel)} ${t(side === 'min' ? 'budget.min' : 'budget.max')}`}
                        data-testid={`what-if-${side}-${channel}`}
                        value={field(channel, side)}
                        onChange={(value) => set(channel, side, value)}
                      />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <button type="submit" className="button button--primary" data-testid="what-if-submit" disabled={state.status === 'loading'}>
          {t('budget.runWhatIf')}
        </button>
      </form>
      {state.status === 'loading' ? <Loading /> : null}
      {state.status === 'error' ? <ErrorState error={state.error} input /> : null}
      {state.status === 'ok' ? (
        <div data-testid="what-if-result">
          <p className="budget-outcome">
            {t('budget.expected')}:{' '}
            <strong data-testid="what-if-expected" data-value={state.data.expected_outcome}>
              {format.unit('number', state.data.expected_outcome)}
            </strong>{' '}
            · {t('budget.currentOutcome')}: <span data-testid="what-if-current">{format.unit('number', state.data.current_outcome)}</span>
          </p>
          <DataTable
            testId="what-if-table"
            rows={Array.isArray(state.data.allocation) ? state.data.allocation : []}
            rowKey={(row) => row.channel}
            columns={[
              { key: 'channel', label: t('table.channel'), render: (row) => channelLabel(row.channel) },
              { key: 'current_spend', label: t('budget.current'), numeric: true, render: (row) => format.unit('money', row.current_spend) },
              { key: 'spend', label: t('budget.recommended'), numeric: true, render: (row) => format.unit('money', row.spend) },
              { key: 'change_pct', label: t('budget.change'), numeric: true, render: (row) => format.unit('ratio', row.change_pct / 100) },
            ]}
          />
        </div>
      ) : null}
    </section>
  );
}
