import { useState, type FormEvent } from 'react';
import { DataTable } from '../components/data-table';
import { useI18n } from '../i18n/i18n-context';
import { ApiError, apiUrl } from '../lib/api';
import { workspaceHeaders } from '../lib/workspace-choice';
import { formatCount, formatMoney } from '../lib/format/format';

/** The file kinds this page imports (events stay with the API and CLI). */
const KINDS = ['spend', 'orders', 'leads', 'rates'] as const;
type Kind = (typeof KINDS)[number];
type ReplaceMode = 'keys' | 'range';

/** `POST /v1/import/:kind` answers (see src/ingest/importer.ts). */
export interface ImportAnswer {
  kind: string;
  stored: number;
  valid: number;
  dry_run: boolean;
  layout?: string;
  inserted?: number;
  replaced?: number;
  removed?: number;
  by_channel?: Array<{ channel: string; inserted: number; replaced: number; removed: number; spend: string | null; currency: string | null }>;
  warnings: Array<{ code: string; channel?: string; line?: number; message: string }>;
  errors: Array<{ path: string; message: string }>;
}

/** Sends a file to the import route; a 400 that still carries an import answer (no valid row) is returned as the answer. */
async function postImport(kind: Kind, text: string, params: Record<string, string | undefined>): Promise<ImportAnswer> {
  const response = await fetch(apiUrl(`/v1/import/${kind}`, params), {
    method: 'POST',
    credentials: 'same-origin',
    headers: { Accept: 'application/json', 'Content-Type': 'text/csv', ...workspaceHeaders() },
    body: text,
  });
  const body = (await response.json().catch(() => null)) as (Partial<ImportAnswer> & { message?: string }) | null;
  if (body && Array.isArray(body.errors) && typeof body.kind === 'string') return { warnings: [], ...body } as ImportAnswer;
  throw new ApiError(response.status, body?.message ?? `HTTP ${response.status}`);
}

/**
 * Imports spend, orders, leads and exchange rates from a CSV file: pick the
 * file, preview what it would change (a dry run: the server parses it and
 * counts the rows it would insert, replace and remove, writing nothing), then
 * import it. Errors are listed by line; warnings (a channel no rule knows)
 * say how to fix them.
 */
export function ImportsPage() {
  const { t } = useI18n();
  const [kind, setKind] = useState<Kind>('spend');
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [channel, setChannel] = useState('');
  const [source, setSource] = useState('');
  const [replace, setReplace] = useState<ReplaceMode>('keys');
  const [preview, setPreview] = useState<ImportAnswer | null>(null);
  const [result, setResult] = useState<ImportAnswer | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  /** Any change of file or option drops the preview: the import must match what was previewed. */
  const changed = () => {
    setPreview(null);
    setResult(null);
    setError(null);
  };
  const params = (dryRun: boolean) => ({
    channel: kind === 'spend' ? channel.trim() || undefined : undefined,
    source: kind === 'spend' ? source.trim() || undefined : undefined,
    replace: kind === 'spend' ? replace : undefined,
    dry_run: dryRun ? '1' : undefined,
  });
  const run = async (dryRun: boolean) => {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const answer = await postImport(kind, file.text, params(dryRun));
      if (dryRun) setPreview(answer);
      else {
        setResult(answer);
        setPreview(null);
      }
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setBusy(false);
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(true);
  };

  return (
    <section className="card" aria-labelledby="imports-title">
      <h1 id="imports-title" className="section-title">
        {t('imports.title')}
      </h1>
      <p className="muted">{t('imports.help')}</p>
      <form className="budget-form" onSubmit={submit} data-testid="imports-form">
        <label className="field">
          <span className="field__label">{t('imports.kind')}</span>
          <select
            value={kind}
            data-testid="imports-kind"
            onChange={(event) => {
              setKind(event.target.value as Kind);
              changed();
            }}
          >
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`imports.kind.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field__label">{t('imports.file')}</span>
          <input
            type="file"
            accept=".csv,text/csv"
            data-testid="imports-file"
            onChange={async (event) => {
              const picked = event.target.files?.[0];
              changed();
              setFile(picked ? { name: picked.name, text: await picked.text() } : null);
            }}
          />
        </label>
        {kind === 'spend' ? (
          <>
            <label className="field">
              <span className="field__label">{t('imports.channel')}</span>
              <input type="text" dir="ltr" data-testid="imports-channel" value={channel} onChange={(event) => { setChannel(event.target.value); changed(); }} />
            </label>
            <label className="field">
              <span className="field__label">{t('imports.source')}</span>
              <input type="text" dir="ltr" data-testid="imports-source" value={source} onChange={(event) => { setSource(event.target.value); changed(); }} />
            </label>
            <label className="field">
              <span className="field__label">{t('imports.replace')}</span>
              <select value={replace} data-testid="imports-replace" onChange={(event) => { setReplace(event.target.value as ReplaceMode); changed(); }}>
                <option value="keys">{t('imports.replace.keys')}</option>
                <option value="range">{t('imports.replace.range')}</option>
              </select>
            </label>
          </>
        ) : null}
        <button type="submit" className="button" disabled={!file || busy} data-testid="imports-preview">
          {t('imports.preview')}
        </button>
        <button
          type="button"
          className="button button--primary"
          disabled={!preview || preview.valid === 0 || busy}
          data-testid="imports-commit"
          onClick={() => void run(false)}
        >
          {t('imports.commit')}
        </button>
      </form>
      {kind === 'spend' ? <p className="muted">{replace === 'range' ? t('imports.replaceRangeHelp') : t('imports.replaceKeysHelp')}</p> : null}
      {error ? (
        <p className="state state--error" role="status" data-testid="imports-error">
          {error}
        </p>
      ) : null}
      {preview ? <ImportSummary answer={preview} testId="imports-preview-summary" /> : null}
      {result ? <ImportSummary answer={result} testId="imports-result" /> : null}
    </section>
  );
}

/** What an import did (or, in a preview, would do): counts, the spend by channel, warnings and errors by line. */
function ImportSummary({ answer, testId }: { answer: ImportAnswer; testId: string }) {
  const { t, locale, channelLabel } = useI18n();
  const spend = answer.kind === 'spend';
  const money = (value: string | null, currency: string | null) => (value === null || currency === null ? '—' : formatMoney(Number(value), currency, locale));
  return (
    <div className="imports-summary" data-testid={testId} data-dry-run={String(answer.dry_run)}>
      <h2 className="section-title">{answer.dry_run ? t('imports.previewTitle') : t('imports.doneTitle')}</h2>
      <p data-testid={`${testId}-counts`}>
        {spend
          ? t(answer.dry_run ? 'imports.spendWould' : 'imports.spendDid', { inserted: answer.inserted ?? 0, replaced: answer.replaced ?? 0, removed: answer.removed ?? 0 })
          : t(answer.dry_run ? 'imports.rowsWould' : 'imports.rowsDid', { count: answer.dry_run ? answer.valid : answer.stored })}
        {answer.errors.length > 0 ? ` ${t('imports.rejected', { count: answer.errors.length })}` : ''}
      </p>
      {spend && answer.by_channel && answer.by_channel.length > 0 ? (
        <DataTable
          testId={`${testId}-channels`}
          rows={answer.by_channel}
          rowKey={(row) => row.channel}
          columns={[
            { key: 'channel', label: t('imports.channelColumn'), render: (row) => channelLabel(row.channel) },
            { key: 'inserted', label: t('imports.inserted'), numeric: true, render: (row) => formatCount(row.inserted, locale) },
            { key: 'replaced', label: t('imports.replaced'), numeric: true, render: (row) => formatCount(row.replaced, locale) },
            { key: 'removed', label: t('imports.removed'), numeric: true, render: (row) => formatCount(row.removed, locale) },
            { key: 'spend', label: t('imports.spend'), numeric: true, render: (row) => money(row.spend, row.currency) },
          ]}
        />
      ) : null}
      {answer.warnings.length > 0 ? (
        <ul className="imports-warnings" data-testid={`${testId}-warnings`}>
          {answer.warnings.map((w, i) => (
            <li key={i} data-code={w.code} data-channel={w.channel}>
              {w.code === 'unknown_channel' && w.channel
                ? t('imports.warnUnknownChannel', { channel: w.channel, line: w.line ?? 0 })
                : w.code === 'mixed_currencies' && w.channel
                  ? t('imports.warnMixedCurrencies', { channel: w.channel })
                  : <span lang="en" dir="ltr">{w.message}</span>}
            </li>
          ))}
        </ul>
      ) : null}
      {answer.errors.length > 0 ? (
        <>
          <h3 className="section-title">{t('imports.errorsTitle')}</h3>
          <ul className="imports-errors" data-testid={`${testId}-errors`}>
            {answer.errors.slice(0, 200).map((e, i) => {
              const at = /^line (\d+): (.*)$/.exec(e.path);
              return (
                <li key={i} data-path={e.path}>
                  {at ? t('imports.errorAt', { line: Number(at[1]) }) : null} <code dir="ltr">{at ? at[2] : e.path}</code>{' '}
                  <span lang="en" dir="ltr">{e.message}</span>
                </li>
              );
            })}
          </ul>
        </>
      ) : null}
    </div>
  );
}
