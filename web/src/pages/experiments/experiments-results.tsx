import { Fragment, useState } from 'react';
import { DataTable } from '../../components/data-table';
import { Empty } from '../../components/state-view';
import { useI18n } from '../../i18n/i18n-context';
import { ApiError, apiSend } from '../../lib/api';
import { formatCount, formatPValue } from '../../lib/format/format';
import { useWorkspace } from '../../workspace-context';
import { formatSrmP, srmState } from './experiments-srm';
import { isTested, type DescriptiveRow, type ExperimentDef, type ExperimentResultsDoc, type MetricReport, type ReportMetric, type TestedRow } from './experiments-types';

const DEFAULT_ALPHA = 0.05;
/** A user-given name inside a translated sentence: shown as code, left to right, not translated (see RichText). */
const code = (name: string) => '`' + name.replace(/`/g, "'") + '`';

/** A translated sentence with `backticked` names shown as left-to-right code marked not to be translated. */
function RichText({ text }: { text: string }) {
  return (
    <>
      {text.split('`').map((part, index) =>
        index % 2 === 1 ? (
          <code key={index} dir="ltr" translate="no">
            {part}
          </code>
        ) : (
          <Fragment key={index}>{part}</Fragment>
        ),
      )}
    </>
  );
}

/** The banner about the traffic split: a mismatch (p < 0.001) is a warning, never "matches". */
export function SrmBanner({ data }: { data: ExperimentResultsDoc }) {
  const { t, locale } = useI18n();
  const state = srmState(data.srm_p_value, data.srm_warning);
  const p = data.srm_p_value === null || data.srm_p_value === undefined ? '—' : formatSrmP(data.srm_p_value, locale);
  if (state === 'mismatch') {
    return (
      <div className="banner banner--danger" role="alert" data-testid="srm-warning" data-srm="mismatch">
        <strong className="banner__title">⚠ {t('experiments.srmTitle')}</strong>
        <p>{t('experiments.srmBody', { p })}</p>
      </div>
    );
  }
  if (state === 'check') {
    return (
      <div className="banner notice--bad" role="status" data-testid="srm-check" data-srm="check">
        <strong className="banner__title">{t('experiments.srmCheckTitle')}</strong>
        <p>{t('experiments.srmCheckBody', { p })}</p>
      </div>
    );
  }
  if (state === 'ok') {
    return (
      <p className="notice notice--good" data-testid="srm-ok" data-srm="ok">
        {t('experiments.srmOk', { p })}
      </p>
    );
  }
  return null;
}

/** Start, stop, declare a winner (stops the test and records it), edit. */
export function ExperimentActions({ experiment, onChanged, onEdit }: { experiment: ExperimentDef; onChanged: () => void; onEdit: () => void }) {
  const { t } = useI18n();
  const [winner, setWinner] = useState(experiment.winner ?? experiment.variants[1]?.name ?? '');
  const [error, setError] = useState<string | null>(null);
  const patch = (body: Record<string, unknown>) => {
    setError(null);
    apiSend(`/v1/experiments/${encodeURIComponent(experiment.id)}`, body, 'PATCH').then(onChanged, (failure: unknown) =>
      setError(failure instanceof ApiError ? failure.message : String(failure)),
    );
  };
  return (
    <section className="card" aria-label={t('experiments.actions')} data-testid="experiment-actions">
      <div style={{ display: 'flex', gap: '0.5rem', alignItems: 'flex-end', flexWrap: 'wrap' }}>
        <button type="button" className="button" data-testid="experiment-edit" onClick={onEdit}>
          {t('experiments.edit')}
        </button>
        {experiment.status !== 'running' ? (
          <button type="button" className="button button--primary" data-testid="experiment-start" onClick={() => patch({ status: 'running' })}>
            {t('experiments.start')}
          </button>
        ) : (
          <button type="button" className="button" data-testid="experiment-stop" onClick={() => patch({ status: 'stopped' })}>
            {t('experiments.stop')}
          </button>
        )}
        <label className="field field--inline">
          <span className="field__label">{t('experiments.winner')}</span>
          <select data-testid="winner-select" translate="no" value={winner} onChange={(e) => setWinner(e.target.value)}>
            {experiment.variants.map((v) => (
              <option key={v.name} value={v.name}>
                {v.name}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="button" data-testid="winner-declare" onClick={() => patch({ status: 'stopped', winner })}>
          {t('experiments.declareWinner')}
        </button>
      </div>
      {experiment.winner ? (
        <p className="notice notice--good" data-testid="experiment-winner">
          <RichText text={t('experiments.winnerIs', { name: code(experiment.winner) })} />
        </p>
      ) : null}
      {error ? (
        <p className="state state--error" role="status" data-testid="experiment-action-error">
          {error}
        </p>
      ) : null}
    </section>
  );
}

/** Users per variant against the planned sample, days running and to go. */
export function ProgressCard({ data }: { data: ExperimentResultsDoc }) {
  const { t, locale } = useI18n();
  const { format } = useWorkspace();
  const planned = data.planned_users_per_variant ?? null;
  const stats = data.stats ?? [];
  const smallest = stats.length > 0 ? Math.min(...stats.map((s) => s.users)) : 0;
  const progress = planned ? Math.min(1, smallest / planned) : null;
  return (
    <section className="card" aria-labelledby="progress-title" data-testid="experiment-progress">
      <h2 id="progress-title" className="section-title">
        {t('experiments.progress')}
      </h2>
      {planned && progress !== null ? (
        <>
          <progress max={1} value={progress} aria-label={t('experiments.progress')} data-testid="progress-bar" />
          <p data-testid="progress-text">
            {t('experiments.progressText', { users: formatCount(smallest, locale), planned: formatCount(planned, locale), percent: format.unit('ratio', progress) })}
          </p>
        </>
      ) : (
        <p className="muted">{t('experiments.noPlan')}</p>
      )}
      <p className="muted">
        {t('experiments.daysRunning', { days: formatCount(data.days_running ?? 0, locale) })}
        {data.more_days_needed ? ` ${t('experiments.moreDays', { days: formatCount(data.more_days_needed, locale) })}` : ''}
      </p>
      <DataTable
        testId="counts-table"
        rows={stats}
        rowKey={(row) => row.variant}
        columns={[
          { key: 'variant', label: t('experiments.variant'), render: (row) => <span translate="no">{row.variant}</span> },
          { key: 'users', label: t('experiments.users'), numeric: true, render: (row) => formatCount(row.users, locale) },
          { key: 'converters', label: t('experiments.converters'), numeric: true, render: (row) => formatCount(row.converters, locale) },
          { key: 'conversions', label: t('experiments.conversions'), numeric: true, render: (row) => formatCount(row.conversions, locale) },
          { key: 'revenue_sum', label: t('experiments.revenue'), numeric: true, render: (row) => format.unit('money', row.revenue_sum) },
          { key: 'leads', label: t('experiments.leads'), numeric: true, render: (row) => formatCount(row.leads, locale) },
        ]}
      />
    </section>
  );
}

/** The sequential decision: which treatments the always-valid p-value already separates from the control. */
export function StoppingRule({ data }: { data: ExperimentResultsDoc }) {
  const { t, locale } = useI18n();
  const alpha = data.analysis?.alpha ?? DEFAULT_ALPHA;
  const rows = data.variants.slice(1).filter(isTested);
  const decided = rows.filter((row) => row.sequential_p_value !== null && row.sequential_p_value !== undefined && row.sequential_p_value < alpha);
  const alphaText = formatPValue(alpha, locale);
  return (
    <section className="card" aria-labelledby="stopping-title" data-testid="stopping-rule">
      <h2 id="stopping-title" className="section-title">
        {t('experiments.stoppingRule')}
      </h2>
      <p>{t('experiments.stoppingRuleText', { alpha: alphaText })}</p>
      {rows.length === 0 ? null : decided.length > 0 ? (
        <p className="notice notice--good" data-testid="stopping-decided">
          <RichText text={t('experiments.decided', { names: decided.map((row) => code(row.name)).join(locale === 'fa' ? '، ' : ', '), alpha: alphaText })} />
        </p>
      ) : (
        <p className="muted" data-testid="stopping-undecided">
          {t('experiments.undecided', { alpha: alphaText })}
        </p>
      )}
    </section>
  );
}

/** One metric's rows: tested (lift, interval, p-value) or shown per variant only. */
export function MetricReportTable({ metric, report, testId, breached }: { metric: ReportMetric; report: MetricReport; testId: string; breached?: string[] }) {
  const { t, locale } = useI18n();
  const { format } = useWorkspace();
  const unit = metric === 'revenue_per_user' || metric === 'average_order_value' ? 'money' : metric === 'conversion_rate' ? 'ratio' : 'number';
  const value = (row: TestedRow | DescriptiveRow) => format.unit(unit, 'value' in row ? row.value ?? null : null);
  return (
    <div data-testid={testId} data-metric={metric}>
      <h3>{t(`experiments.metric.${metric}` as 'experiments.metric.conversion_rate')}</h3>
      {!report.tested ? <p className="muted">{t('experiments.notTested')}</p> : null}
      {breached && breached.length > 0 ? (
        <p className="banner banner--danger" role="alert" data-testid="guardrail-breached">
          <RichText text={t('experiments.breached', { names: breached.map(code).join(', ') })} />
        </p>
      ) : null}
      <DataTable<TestedRow | DescriptiveRow>
        testId={`${testId}-table`}
        rows={report.variants}
        rowKey={(row) => row.name}
        columns={[
          { key: 'name', label: t('experiments.variant'), render: (row) => <span translate="no">{row.name}</span> },
          { key: 'users', label: t('experiments.users'), numeric: true, render: (row) => formatCount(row.users, locale) },
          { key: 'value', label: t('experiments.value'), numeric: true, render: value },
          { key: 'lift', label: t('experiments.lift'), numeric: true, render: (row) => format.unit('ratio', row.lift) },
          {
            key: 'p_value',
            label: t('experiments.pValue'),
            numeric: true,
            render: (row) => (isTested(row) && row.p_value !== null ? formatPValue(row.p_value, locale) : '—'),
          },
        ]}
      />
    </div>
  );
}

/** Secondary and guardrail metrics of the experiment. */
export function OtherMetrics({ data }: { data: ExperimentResultsDoc }) {
  const { t } = useI18n();
  const secondary = Object.entries(data.secondary ?? {}) as [ReportMetric, MetricReport][];
  const guardrails = Object.entries(data.guardrails ?? {}) as [ReportMetric, { report: MetricReport; breached: string[] }][];
  return (
    <>
      <section className="card" aria-labelledby="secondary-title" data-testid="secondary-metrics">
        <h2 id="secondary-title" className="section-title">
          {t('experiments.secondary')}
        </h2>
        {secondary.length === 0 ? <Empty message={t('experiments.noSecondary')} testId="secondary-empty" /> : secondary.map(([metric, report]) => <MetricReportTable key={metric} metric={metric} report={report} testId={`secondary-${metric}`} />)}
      </section>
      <section className="card" aria-labelledby="guardrail-title" data-testid="guardrail-metrics">
        <h2 id="guardrail-title" className="section-title">
          {t('experiments.guardrails')}
        </h2>
        {guardrails.length === 0 ? (
          <Empty message={t('experiments.noGuardrails')} testId="guardrails-empty" />
        ) : (
          guardrails.map(([metric, g]) => <MetricReportTable key={metric} metric={metric} report={g.report} breached={g.breached} testId={`guardrail-${metric}`} />)
        )}
      </section>
    </>
  );
}

/** The server's recomputation of the visitors' assignments (hash version), when it found mismatches. */
export function AssignmentBanner({ data }: { data: ExperimentResultsDoc }) {
  const { t, locale } = useI18n();
  const check = data.assignment_check;
  if (!data.assignment_warning || !check) return null;
  return (
    <div className="banner banner--danger" role="alert" data-testid="assignment-warning">
      <strong className="banner__title">⚠ {t('experiments.assignmentTitle')}</strong>
      <p>{t('experiments.assignmentBody', { mismatched: formatCount(check.mismatched, locale), checked: formatCount(check.checked, locale), version: formatCount(check.hash_version, locale) })}</p>
    </div>
  );
}
