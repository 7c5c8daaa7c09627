import { useState, type FormEvent } from 'react';
import { useI18n } from '../../i18n/i18n-context';
import { ApiError, apiGet, apiUrl } from '../../lib/api';
import { formatCount } from '../../lib/format/format';
import { NumberInput } from '../../components/inputs/number-input';
import type { PlanAnswer } from './experiments-types';

/** Percent inputs as the planner shows them; the API takes fractions. */
interface PlannerForm {
  baseline: string;
  mde: string;
  power: string;
  alpha: string;
  daily: string;
}

/**
 * The sample-size planner: users per variant to detect a relative lift of the
 * conversion rate (GET /v1/experiments/plan, the same handler as
 * `roilens experiment plan`); "use" hands the result to the experiment form.
 */
export function SamplePlanner({ variants, mde, onUse }: { variants: number; mde?: number; onUse?: (usersPerVariant: number, mde: number) => void }) {
  const { t, locale } = useI18n();
  const [form, setForm] = useState<PlannerForm>({ baseline: '5', mde: String(Math.round((mde ?? 0.1) * 1000) / 10), power: '80', alpha: '5', daily: '' });
  const [plan, setPlan] = useState<PlanAnswer | null>(null);
  const [error, setError] = useState<string | null>(null);
  const fraction = (text: string) => String(Number(text) / 100);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const url = apiUrl('/v1/experiments/plan', {
      baseline: fraction(form.baseline), mde: fraction(form.mde), power: fraction(form.power), alpha: fraction(form.alpha),
      variants: Math.max(2, variants), daily_users: form.daily || undefined,
    });
    apiGet<PlanAnswer>(url).then(setPlan, (failure: unknown) => {
      setPlan(null);
      setError(failure instanceof ApiError ? failure.message : String(failure));
    });
  };

  const field = (key: keyof PlannerForm, label: string) => (
    <label className="field">
      <span className="field__label">{label}</span>
      <NumberInput required={key !== 'daily'} data-testid={`plan-${key}`} value={form[key]} onChange={(value) => setForm({ ...form, [key]: value })} />
    </label>
  );

  return (
    <section className="card" aria-labelledby="planner-title" data-testid="sample-planner">
      <h2 id="planner-title" className="section-title">
        {t('experiments.planner')}
      </h2>
      <form className="budget-form" onSubmit={submit}>
        {field('baseline', t('experiments.baseline'))}
        {field('mde', t('experiments.mde'))}
        {field('power', t('experiments.power'))}
        {field('alpha', t('experiments.alpha'))}
        {field('daily', t('experiments.dailyUsers'))}
        <button type="submit" className="button" data-testid="plan-submit">
          {t('experiments.plan')}
        </button>
      </form>
      {error ? (
        <p className="state state--error" role="status" data-testid="plan-error">
          {error}
        </p>
      ) : null}
      {plan ? (
        <div data-testid="plan-result" data-users={plan.users_per_variant}>
          <p>
            {t('experiments.planResult', { users: formatCount(plan.users_per_variant, locale), total: formatCount(plan.total_users, locale), variants: formatCount(Math.max(2, variants), locale) })}
            {plan.days ? ` ${t('experiments.planDays', { days: formatCount(plan.days, locale), daily: formatCount(Number(form.daily), locale) })}` : ''}
          </p>
          {onUse ? (
            <button type="button" className="button button--quiet" data-testid="plan-use" onClick={() => onUse(plan.users_per_variant, Number(form.mde) / 100)}>
              {t('experiments.usePlan')}
            </button>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
