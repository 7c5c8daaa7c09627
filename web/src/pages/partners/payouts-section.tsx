import { useState } from 'react';
import { DataTable } from '../../components/data-table';
import { ApiView, Empty } from '../../components/state-view';
import { useI18n } from '../../i18n/i18n-context';
import { apiDownload } from '../../lib/api';
import type { PartnersAnswer, PayoutRunAnswer, PayoutRunsAnswer, ProgramsAnswer } from '../../lib/api-types.generated';
import { formatDate, formatMoney } from '../../lib/format/format';
import { useApi } from '../../lib/use-api';
import { send } from './send';

type FileFormat = 'generic' | 'paypal' | 'bank';

/**
 * Payouts of one programme: preview what a run through a date would pay (nothing written), run it,
 * download its payment file, and mark a run paid with the payment's reference.
 */
export function PayoutsSection({ programs, partners, canWrite, today }: { programs: ProgramsAnswer['programs']; partners: PartnersAnswer['partners']; canWrite: boolean; today: string }) {
  const { t, locale } = useI18n();
  const [program, setProgram] = useState(programs[0]?.id ?? '');
  const [through, setThrough] = useState(today);
  const [format, setFormat] = useState<FileFormat>('generic');
  const [result, setResult] = useState<PayoutRunAnswer | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reload, setReload] = useState(0);
  const [references, setReferences] = useState<Record<string, string>>({});
  const runs = useApi<PayoutRunsAnswer>(program ? `/v1/programs/${encodeURIComponent(program)}/payouts?limit=50` : null, reload);
  const name = new Map(partners.map((p) => [p.id, p.name]));

  const run = (dryRun: boolean) => {
    setError(null);
    void send<PayoutRunAnswer>(`/v1/programs/${encodeURIComponent(program)}/payouts`, { through, ...(dryRun ? { dry_run: true } : {}) }).then((answer) => {
      if (!answer.ok) return setError(answer.error);
      setResult(answer.data);
      if (!dryRun) setReload((n) => n + 1);
    });
  };
  const markPaid = (runId: string) => {
    setError(null);
    void send(`/v1/payouts/${encodeURIComponent(runId)}/paid`, { reference: references[runId] ?? '' }).then((answer) => (answer.ok ? setReload((n) => n + 1) : setError(answer.error)));
  };
  const download = (runId: string) => {
    void apiDownload(`/v1/payouts/${encodeURIComponent(runId)}/file?file_format=${format}`, `payout-${runId}-${format}.csv`).catch((failure: unknown) => setError(String(failure)));
  };
  const money = (amount: string, currency: string) => formatMoney(Number(amount), currency, locale);

  return (
    <section className="card" aria-labelledby="payouts-title">
      <h2 id="payouts-title" className="section-title">{t('partners.payouts')}</h2>
      <div className="budget-form">
        <label className="field"><span className="field__label">{t('partners.program')}</span>
          <select value={program} data-testid="payout-program" onChange={(e) => { setProgram(e.target.value); setResult(null); }}>
            {programs.map((p) => <option key={p.id} value={p.id} translate="no">{p.name}</option>)}
          </select></label>
        <label className="field"><span className="field__label">{t('partners.through')}</span>
          <input type="date" value={through} max={today} data-testid="payout-through" onChange={(e) => setThrough(e.target.value)} /></label>
        <label className="field"><span className="field__label">{t('partners.fileFormat')}</span>
          <select value={format} data-testid="payout-format" onChange={(e) => setFormat(e.target.value as FileFormat)}>
            <option value="generic" translate="no">CSV</option>
            <option value="paypal" translate="no">PayPal</option>
            <option value="bank" translate="no">IBAN / Sheba</option>
          </select></label>
        <button type="button" className="button" data-testid="payout-preview" onClick={() => run(true)}>{t('partners.preview')}</button>
        {canWrite ? <button type="button" className="button button--primary" data-testid="payout-run" onClick={() => run(false)}>{t('partners.runPayout')}</button> : null}
      </div>
      {error ? <p className="state state--error" role="status" data-testid="payout-error">{error}</p> : null}
      {result ? (
        <div data-testid="payout-result" data-run={result.run_id ?? ''}>
          <p className="muted">{result.dry_run ? t('partners.payoutPreview') : t('partners.payoutDone', { id: result.run_id ?? '' })}</p>
          {result.payouts.length === 0 ? <Empty message={t('partners.noPayouts')} testId="payout-nothing" /> : (
            <DataTable<PayoutRunAnswer['payouts'][number] & { name: string }>
              testId="payout-lines"
              rows={result.payouts.map((p) => ({ ...p, name: name.get(p.partner) ?? p.partner }))}
              rowKey={(row) => row.partner}
              columns={[
                { key: 'name', label: t('partners.name'), render: (row) => <bdi translate="no">{row.name}</bdi> },
                { key: 'amount', label: t('partners.amount'), numeric: true, render: (row) => money(row.amount, row.currency) },
              ]}
            />
          )}
          {result.carried_over.length > 0 ? (
            <p className="muted" data-testid="payout-carried">
              {t('partners.carriedOver')}: {result.carried_over.map((c) => `${name.get(c.partner) ?? c.partner} ${money(c.amount, c.currency)}`).join(' · ')}
            </p>
          ) : null}
        </div>
      ) : null}
      <h3 className="section-title">{t('partners.runs')}</h3>
      <ApiView state={runs} onRetry={() => setReload((n) => n + 1)}>
        {(data) => data.runs.length === 0 ? <Empty message={t('partners.noPayouts')} testId="payout-runs-empty" /> : (
          <DataTable<PayoutRunsAnswer['runs'][number] & { total: string }>
            testId="payout-runs"
            rows={data.runs.map((r) => ({ ...r, total: r.payouts.map((p) => money(p.amount, p.currency)).join(' · ') }))}
            rowKey={(row) => row.id}
            columns={[
              { key: 'through', label: t('partners.through'), render: (row) => formatDate(row.through, locale) },
              { key: 'total', label: t('partners.amount') },
              {
                key: 'paid_reference', label: t('partners.paidReference'), sortable: false,
                render: (row) => row.paid_reference ? <bdi translate="no">{row.paid_reference}</bdi> : canWrite ? (
                  <span className="budget-form">
                    <input aria-label={t('partners.reference')} data-testid={`reference-${row.id}`} value={references[row.id] ?? ''} onChange={(e) => setReferences({ ...references, [row.id]: e.target.value })} />
                    <button type="button" className="button button--quiet" data-testid={`mark-paid-${row.id}`} onClick={() => markPaid(row.id)}>{t('partners.markPaid')}</button>
                  </span>
                ) : t('partners.notPaid'),
              },
              { key: 'file', label: t('partners.fileFormat'), sortable: false, render: (row) => <button type="button" className="button button--quiet" data-testid={`payout-file-${row.id}`} onClick={() => download(row.id)}>{t('partners.downloadFile')}</button> },
            ]}
          />
        )}
      </ApiView>
    </section>
  );
}
