import { useState, type FormEvent } from 'react';
import { useI18n } from '../../i18n/i18n-context';
import { ApiError, apiSend } from '../../lib/api';
import { formatCount } from '../../lib/format/format';
import { NumberInput } from '../../components/inputs/number-input';
import { SamplePlanner } from './experiments-planner';
import { PRIMARY_METRICS, REPORT_METRICS, type ExperimentDef, type ReportMetric } from './experiments-types';

const ROW = { display: 'flex', gap: '0.5rem', alignItems: 'flex-end', flexWrap: 'wrap' } as const;

interface FormState {
  key: string;
  name: string;
  hypothesis: string;
  variants: { name: string; weight: string }[];
  metric: ExperimentDef['metric'];
  secondary: ReportMetric[];
  guardrails: ReportMetric[];
  mde: string;
  planned: string;
}

function initial(def?: ExperimentDef): FormState {
  return {
    key: def?.key ?? '',
    name: def?.name ?? '',
    hypothesis: def?.hypothesis ?? '',
    variants: def?.variants.map((v) => ({ name: v.name, weight: String(v.weight) })) ?? [{ name: 'control', weight: '1' }, { name: 'B', weight: '1' }],
    metric: def?.metric ?? 'conversion_rate',
    secondary: def?.secondary_metrics ?? [],
    guardrails: def?.guardrail_metrics ?? [],
    mde: def?.mde !== undefined ? String(Math.round(def.mde * 1000) / 10) : '10',
    planned: def?.planned_users !== undefined ? String(def.planned_users) : '',
  };
}

/** The JSON body of POST /v1/experiments (create) or PATCH /v1/experiments/:id (edit: no key; optional fields cleared with null). */
export function experimentBody(form: FormState, editing: boolean): Record<string, unknown> {
  const clear = (value: unknown, empty: boolean) => (empty ? (editing ? null : undefined) : value);
  return {
    ...(editing ? {} : { key: form.key.trim() }),
    name: form.name.trim(),
    hypothesis: clear(form.hypothesis.trim(), form.hypothesis.trim() === ''),
    variants: form.variants.map((v) => ({ name: v.name.trim(), weight: Number(v.weight) })),
    metric: form.metric,
    secondary_metrics: clear(form.secondary, form.secondary.length === 0),
    guardrail_metrics: clear(form.guardrails, form.guardrails.length === 0),
    mde: clear(Number(form.mde) / 100, form.mde.trim() === ''),
    planned_users: clear(Number(form.planned), form.planned.trim() === ''),
  };
}

/**
 * Creates an experiment or edits one: name, hypothesis, variants with their
 * traffic weights (locked while it runs), primary, secondary and guardrail
 * metrics, the minimum detectable effect and the planned sample (from the planner).
 */
export function ExperimentForm({ experiment, onSaved, onCancel }: { experiment?: ExperimentDef; onSaved: (def: ExperimentDef) => void; onCancel: () => void }) {
  const { t, locale } = useI18n();
  const editing = experiment !== undefined;
  const locked = experiment?.status === 'running';
  const [form, setForm] = useState<FormState>(() => initial(experiment));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const metricLabel = (m: string) => t(`experiments.metric.${m}` as 'experiments.metric.conversion_rate');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const body = experimentBody(form, editing);
    if (locked) delete body.variants;
    const request = editing ? apiSend<ExperimentDef>(`/v1/experiments/${encodeURIComponent(experiment.id)}`, body, 'PATCH') : apiSend<ExperimentDef>('/v1/experiments', body);
    request.then(
      (def) => {
        setBusy(false);
        onSaved(def);
      },
      (failure: unknown) => {
        setBusy(false);
        setError(failure instanceof ApiError ? failure.message : String(failure));
      },
    );
  };

  const setVariant = (index: number, patch: Partial<FormState['variants'][number]>) =>
    setForm({ ...form, variants: form.variants.map((v, i) => (i === index ? { ...v, ...patch } : v)) });
  const toggle = (list: 'secondary' | 'guardrails', metric: ReportMetric) =>
    setForm({ ...form, [list]: form[list].includes(metric) ? form[list].filter((m) => m !== metric) : [...form[list], metric] });

  return (
    <>
      <section className="card" aria-labelledby="experiment-form-title">
        <h2 id="experiment-form-title" className="section-title">
          {editing ? t('experiments.formEdit') : t('experiments.formNew')}
        </h2>
        <form className="budget-form" onSubmit={submit} data-testid="experiment-form">
          {editing ? null : (
            <label className="field">
              <span className="field__label">{t('experiments.key')}</span>
              <input required dir="ltr" pattern="[a-z0-9][a-z0-9_\-]{0,63}" data-testid="experiment-key" value={form.key} onChange={(e) => setForm({ ...form, key: e.target.value })} />
              <span className="muted">
                {t('experiments.keyHelp')} <code dir="ltr">roilens.variant(&apos;{form.key || 'key'}&apos;)</code>
              </span>
            </label>
          )}
          <label className="field">
            <span className="field__label">{t('experiments.name')}</span>
            <input required data-testid="experiment-name" value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
          </label>
          <label className="field">
            <span className="field__label">{t('experiments.hypothesis')}</span>
            <textarea rows={2} data-testid="experiment-hypothesis" value={form.hypothesis} onChange={(e) => setForm({ ...form, hypothesis: e.target.value })} />
          </label>
          <fieldset className="field" disabled={locked}>
            <legend className="field__label">{t('experiments.variants')}</legend>
            {locked ? <p className="muted">{t('experiments.variantsLocked')}</p> : null}
            {form.variants.map((variant, index) => (
              <div key={index} style={ROW} data-testid="experiment-variant">
                <label className="field">
                  <span className="field__label">{index === 0 ? `${t('experiments.variant')} (${t('experiments.control')})` : t('experiments.variant')}</span>
                  <input required data-testid={`variant-name-${index}`} value={variant.name} onChange={(e) => setVariant(index, { name: e.target.value })} />
                </label>
                <label className="field">
                  <span className="field__label">{t('experiments.weight')}</span>
                  <NumberInput required data-testid={`variant-weight-${index}`} value={variant.weight} onChange={(weight) => setVariant(index, { weight })} />
                </label>
                {form.variants.length > 2 ? (
                  <button type="button" className="button button--quiet" onClick={() => setForm({ ...form, variants: form.variants.filter((_, i) => i !== index) })}>
                    {t('experiments.removeVariant')}
                  </button>
                ) : null}
              </div>
            ))}
            {form.variants.length < 26 ? (
              <button type="button" className="button button--quiet" data-testid="variant-add" onClick={() => setForm({ ...form, variants: [...form.variants, { name: '', weight: '1' }] })}>
                {t('experiments.addVariant')}
              </button>
            ) : null}
          </fieldset>
          <label className="field">
            <span className="field__label">{t('experiments.primaryMetric')}</span>
            <select data-testid="experiment-metric" value={form.metric} onChange={(e) => setForm({ ...form, metric: e.target.value as FormState['metric'] })}>
              {PRIMARY_METRICS.map((m) => (
                <option key={m} value={m}>
                  {metricLabel(m)}
                </option>
              ))}
            </select>
          </label>
          {(['secondary', 'guardrails'] as const).map((list) => (
            <fieldset key={list} className="field">
              <legend className="field__label">{list === 'secondary' ? t('experiments.secondary') : t('experiments.guardrails')}</legend>
              {REPORT_METRICS.map((m) => (
                <label key={m} style={{ display: 'block' }}>
                  <input type="checkbox" data-testid={`${list}-${m}`} checked={form[list].includes(m)} onChange={() => toggle(list, m)} /> {metricLabel(m)}
                </label>
              ))}
            </fieldset>
          ))}
          <label className="field">
            <span className="field__label">{t('experiments.mde')}</span>
            <NumberInput data-testid="experiment-mde" value={form.mde} onChange={(mde) => setForm({ ...form, mde })} />
          </label>
          <label className="field">
            <span className="field__label">{t('experiments.plannedUsers')}</span>
            <NumberInput data-testid="experiment-planned" value={form.planned} onChange={(planned) => setForm({ ...form, planned })} />
          </label>
          <div style={ROW}>
            <button type="submit" className="button button--primary" disabled={busy} data-testid="experiment-save">
              {editing ? t('experiments.save') : t('experiments.create')}
            </button>
            <button type="button" className="button button--quiet" onClick={onCancel}>
              {t('experiments.cancel')}
            </button>
          </div>
        </form>
        {error ? (
          <p className="state state--error" role="status" data-testid="experiment-error">
            {error}
          </p>
        ) : null}
        {form.planned ? <p className="muted">{t('experiments.plannedNote', { users: formatCount(Number(form.planned), locale) })}</p> : null}
      </section>
      <SamplePlanner
        variants={form.variants.length}
        mde={Number(form.mde) / 100 || undefined}
        onUse={(users, mde) => setForm({ ...form, planned: String(users), mde: String(Math.round(mde * 1000) / 10) })}
      />
    </>
  );
}
