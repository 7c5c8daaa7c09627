import { useState, type FormEvent } from 'react';
import { DataTable } from '../../components/data-table';
import { ApiView, Empty } from '../../components/state-view';
import { useI18n } from '../../i18n/i18n-context';
import type { PartnersAnswer, ProgramsAnswer } from '../../lib/api-types.generated';
import type { ApiState } from '../../lib/use-api';
import { listOf, send } from './send';

type Partner = PartnersAnswer['partners'][number];
type Kind = Partner['kind'];

const EMPTY = { name: '', email: '', kind: 'affiliate' as Kind, program: '', links: '', coupons: '' };
/** The status changes a manager may make from each status (the server refuses the rest). */
const ACTIONS: Record<Partner['status'], Array<'approve' | 'suspend' | 'ban'>> = {
  applied: ['approve', 'ban'],
  approved: ['suspend', 'ban'],
  suspended: ['approve', 'ban'],
  banned: [],
};

/** Partners: the list with status and what they hold, status changes, and a form that adds one. */
export function PartnersSection({ partners, programs, canWrite, onChanged }: { partners: ApiState<PartnersAnswer>; programs: ProgramsAnswer['programs']; canWrite: boolean; onChanged(): void }) {
  const { t } = useI18n();
  const [form, setForm] = useState({ ...EMPTY, program: programs[0]?.id ?? '' });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const programName = new Map(programs.map((p) => [p.id, p.name]));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const body = { name: form.name, email: form.email, kind: form.kind, program: form.program || programs[0]?.id, links: listOf(form.links), coupons: listOf(form.coupons) };
    void send<Partner>('/v1/partners', body).then((result) => {
      setBusy(false);
      if (!result.ok) return setError(result.error);
      setForm({ ...EMPTY, program: form.program });
      onChanged();
    });
  };

  const act = (id: string, action: 'approve' | 'suspend' | 'ban') => {
    setError(null);
    void send(`/v1/partners/${encodeURIComponent(id)}/${action}`, {}).then((result) => (result.ok ? onChanged() : setError(result.error)));
  };

  return (
    <section className="card" aria-labelledby="partners-list-title">
      <h2 id="partners-list-title" className="section-title">{t('partners.list')}</h2>
      <ApiView state={partners}>
        {(data) => data.partners.length === 0 ? <Empty message={t('partners.noPartners')} testId="partners-empty" /> : (
          <DataTable<Partner & { program_name: string }>
            testId="partners-table"
            rows={data.partners.map((p) => ({ ...p, program_name: programName.get(p.program) ?? p.program}))}
            rowKey={(row) => row.id}
            columns={[
              { key: 'name', label: t('partners.name'), render: (row) => <bdi translate="no">{row.name}</bdi> },
              { key: 'email', label: t('partners.email'), render: (row) => <bdi translate="no">{row.email}</bdi> },
              { key: 'kind', label: t('partners.kind'), render: (row) => t(`partners.kind.${row.kind}`) },
              { key: 'program_name', label: t('partners.program'), render: (row) => <bdi translate="no">{row.program_name}</bdi> },
              { key: 'status', label: t('partners.status'), render: (row) => <span data-testid={`partner-status-${row.id}`}>{t(`partners.status.${row.status}`)}</span> },
              { key: 'links', label: t('partners.links'), render: (row) => <bdi translate="no">{row.links.join(', ')}</bdi> },
              { key: 'coupons', label: t('partners.coupons'), render: (row) => <bdi translate="no">{row.coupons.join(', ')}</bdi> },
              ...(canWrite ? [{
                key: 'actions', label: t('partners.actions'), sortable: false,
                render: (row: Partner) => ACTIONS[row.status].map((action) => (
                  <button key={action} type="button" className="button button--quiet" data-testid={`partner-${action}-${row.id}`} onClick={() => act(row.id, action)}>
                    {t(`partners.${action}`)}
                  </button>
                )),
              }] : []),
            ]}
          />
        )}
      </ApiView>
      {canWrite && programs.length > 0 ? (
        <form className="budget-form" onSubmit={submit} data-testid="partner-form">
          <label className="field"><span className="field__label">{t('partners.name')}</span>
            <input required value={form.name} data-testid="partner-name" onChange={(e) => setForm({ ...form, name: e.target.value })} /></label>
          <label className="field"><span className="field__label">{t('partners.email')}</span>
            <input required type="email" value={form.email} data-testid="partner-email" onChange={(e) => setForm({ ...form, email: e.target.value })} /></label>
          <label className="field"><span className="field__label">{t('partners.kind')}</span>
            <select value={form.kind} data-testid="partner-kind" onChange={(e) => setForm({ ...form, kind: e.target.value as Kind })}>
              {(['affiliate', 'influencer', 'publisher'] as const).map((k) => <option key={k} value={k}>{t(`partners.kind.${k}`)}</option>)}
            </select></label>
          <label className="field"><span className="field__label">{t('partners.program')}</span>
            <select value={form.program} onChange={(e) => setForm({ ...form, program: e.target.value })}>
              {programs.map((p) => <option key={p.id} value={p.id} translate="no">{p.name}</option>)}
            </select></label>
          <label className="field"><span className="field__label">{t('partners.links')}</span>
            <input value={form.links} data-testid="partner-links" onChange={(e) => setForm({ ...form, links: e.target.value })} /></label>
          <label className="field"><span className="field__label">{t('partners.coupons')}</span>
            <input value={form.coupons} data-testid="partner-coupons" onChange={(e) => setForm({ ...form, coupons: e.target.value })} /></label>
          <button type="submit" className="button button--primary" disabled={busy} data-testid="partner-submit">{t('partners.createPartner')}</button>
        </form>
      ) : null}
      {error ? <p className="state state--error" role="status" data-testid="partner-error">{error}</p> : null}
    </section>
  );
}
