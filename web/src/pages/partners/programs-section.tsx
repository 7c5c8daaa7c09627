import { useState, type FormEvent } from 'react';
import { DataTable } from '../../components/data-table';
import { ApiView, Empty } from '../../components/state-view';
import { useI18n } from '../../i18n/i18n-context';
import type { ProgramsAnswer } from '../../lib/api-types.generated';
import { formatCount, formatMoney, localDigits } from '../../lib/format/format';
import type { ApiState } from '../../lib/use-api';
import { send } from './send';

type Program = ProgramsAnswer['programs'][number];
type RuleForm = { event: 'sale' | 'lead' | 'click'; type: 'percent' | 'flat'; amount: string };

// Empty numbers take the server's defaults (window and hold 30 days, no minimum).
const EMPTY = { name: '', currency: '', window_days: '', hold_days: '', min_payout: '' };

/**
 * Programmes: the list with each one's rules, and a form that creates one with a single rule (the
 * CLI and API take several, with tiers). The server names any refused field; the text is shown as is.
 */
export function ProgramsSection({ programs, canWrite, currency, onChanged }: { programs: ApiState<ProgramsAnswer>; canWrite: boolean; currency: string; onChanged(): void }) {
  const { t, locale } = useI18n();
  const [form, setForm] = useState({ ...EMPTY, currency });
  const [rule, setRule] = useState<RuleForm>({ event: 'sale', type: 'percent', amount: '' });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const number = (text: string) => (text.trim() === '' ? undefined : Number(text));
    const body = { name: form.name, currency: form.currency.toUpperCase(), window_days: number(form.window_days), hold_days: number(form.hold_days), ...(form.min_payout.trim() ? { min_payout: form.min_payout.trim() } : {}), rules: [rule] };
    void send<Program>('/v1/programs', body).then((result) => {
      setBusy(false);
      if (!result.ok) return setError(result.error);
      setForm({ ...EMPTY, currency });
      onChanged();
    });
  };

  const ruleText = (p: Program) => p.rules.map((r) => `${t(`partners.event.${r.event}`)}: ${r.type === 'percent' ? localDigits(`${r.amount}%`, locale) : formatMoney(Number(r.amount), p.currency, locale)}${r.tiers?.length ? ` (+${formatCount(r.tiers.length, locale)})` : ''}`).join(' · ');

  return (
    <section className="card" aria-labelledby="programs-title">
      <h2 id="programs-title" className="section-title">{t('partners.programs')}</h2>
      <ApiView state={programs}>
        {(data) => data.programs.length === 0 ? <Empty message={t('partners.noPrograms')} testId="programs-empty" /> : (
          <DataTable<Program & { rule_text: string }>
            testId="programs-table"
            rows={data.programs.map((p) => ({ ...p, rule_text: ruleText(p) }))}
            rowKey={(row) => row.id}
            columns={[
              { key: 'name', label: t('partners.programName'), render: (row) => <bdi translate="no">{row.name}</bdi> },
              { key: 'currency', label: t('partners.currency'), render: (row) => <bdi translate="no">{row.currency}</bdi> },
              { key: 'window_days', label: t('partners.windowDays'), numeric: true, render: (row) => formatCount(row.window_days, locale) },
              { key: 'hold_days', label: t('partners.holdDays'), numeric: true, render: (row) => formatCount(row.hold_days, locale) },
              { key: 'rule_text', label: t('partners.rules') },
            ]}
          />
        )}
      </ApiView>
      {canWrite ? (
        <form className="budget-form" onSubmit={submit} data-testid="program-form">
          <label className="field"><span className="field__label">{t('partners.programName')}</span>
            <input required value={form.name} data-testid="program-name" onChange={(e) => setForm({ ...form, name: e.target.value })} /></label>
          <label className="field"><span className="field__label">{t('partners.currency')}</span>
            <input required maxLength={3} translate="no" dir="ltr" value={form.currency} data-testid="program-currency" onChange={(e) => setForm({ ...form, currency: e.target.value })} /></label>
          <label className="field"><span className="field__label">{t('partners.windowDays')}</span>
            <input type="number" min={1} value={form.window_days} onChange={(e) => setForm({ ...form, window_days: e.target.value })} /></label>
          <label className="field"><span className="field__label">{t('partners.holdDays')}</span>
            <input type="number" min={0} value={form.hold_days} onChange={(e) => setForm({ ...form, hold_days: e.target.value })} /></label>
          <label className="field"><span className="field__label">{t('partners.minPayout')}</span>
            <input value={form.min_payout} inputMode="decimal" onChange={(e) => setForm({ ...form, min_payout: e.target.value })} /></label>
          <label className="field"><span className="field__label">{t('partners.ruleEvent')}</span>
            <select value={rule.event} onChange={(e) => setRule({ ...rule, event: e.target.value as RuleForm['event'] })}>
              {(['sale', 'lead', 'click'] as const).map((v) => <option key={v} value={v}>{t(`partners.event.${v}`)}</option>)}
            </select></label>
          <label className="field"><span className="field__label">{t('partners.ruleType')}</span>
            <select value={rule.type} onChange={(e) => setRule({ ...rule, type: e.target.value as RuleForm['type'] })}>
              {(['percent', 'flat'] as const).map((v) => <option key={v} value={v}>{t(`partners.type.${v}`)}</option>)}
            </select></label>
          <label className="field"><span className="field__label">{t('partners.ruleAmount')}</span>
            <input required value={rule.amount} inputMode="decimal" data-testid="program-rule-amount" onChange={(e) => setRule({ ...rule, amount: e.target.value })} /></label>
          <button type="submit" className="button button--primary" disabled={busy} data-testid="program-submit">{t('partners.createProgram')}</button>
        </form>
      ) : null}
      {error ? <p className="state state--error" role="status" data-testid="program-error">{error}</p> : null}
    </section>
  );
}

