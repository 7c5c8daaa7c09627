import { useState, type FormEvent } from 'react';
import { CopyLine } from '../../components/copy-line';
import { createShareLink } from '../../components/share-button';
import { NumberInput } from '../../components/inputs/number-input';
import { useI18n } from '../../i18n/i18n-context';
import { localDigits } from '../../lib/format/format';
import { ApiError, apiGet, apiSend } from '../../lib/api';
import type { AuditAnswer, ShareLinksAnswer } from '../../lib/api-types.generated';
import { useApi } from '../../lib/use-api';

type Entry = AuditAnswer['entries'][number];

/** The keys whose value differs between before and after, as `key: before → after` (a whole value when one side is absent). */
export function changeOf(before: unknown, after: unknown): string[] {
  const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isRecord(before) || !isRecord(after)) return before == null && after == null ? [] : [`${JSON.stringify(before ?? null)} → ${JSON.stringify(after ?? null)}`];
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return keys.filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k])).map((k) => `${k}: ${JSON.stringify(before[k] ?? null)} → ${JSON.stringify(after[k] ?? null)}`);
}

/**
 * Settings › Audit log (issue 15): the workspace's entries, newest first, each with what changed
 * (`GET /v1/audit`, scope admin). Hidden for whoever may not read it (403).
 */
export function AuditSection() {
  const { t, locale } = useI18n();
  const [pages, setPages] = useState<Entry[][]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const first = useApi<AuditAnswer>('/v1/audit?limit=50');
  if (first.status === 'error' || first.status === 'loading') return null;
  const entries = [...first.data.entries, ...pages.flat()];
  const next = pages.length ? cursor : first.data.next_cursor;
  const more = () => next && apiGet<AuditAnswer>(`/v1/audit?limit=50&cursor=${encodeURIComponent(next)}`).then((page) => {
    setPages((p) => [...p, page.entries]);
    setCursor(page.next_cursor);
  });
  return (
    <section className="card" aria-labelledby="audit-title" data-testid="audit-log">
      <h2 id="audit-title" className="section-title">{t('audit.title')}</h2>
      <p className="muted">{t('audit.help')}</p>
      {entries.length === 0 ? <p className="muted">{t('audit.empty')}</p> : (
        <div className="table-wrap" tabIndex={0}><table className="table">
          <thead><tr><th>{t('audit.at')}</th><th>{t('audit.actor')}</th><th>{t('audit.operation')}</th><th>{t('audit.target')}</th><th>{t('audit.change')}</th></tr></thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id} data-testid="audit-entry">
                <td><bdi>{localDigits(e.at.replace('T', ' ').slice(0, 19), locale)}</bdi></td>
                <td><bdi translate="no">{e.actor_kind}:{e.actor_id}</bdi>{e.ip ? <span className="muted"> · <bdi translate="no">{e.ip}</bdi></span> : null}</td>
                <td><bdi translate="no">{e.operation}</bdi></td>
                <td><bdi translate="no">{e.target_kind}{e.target_id ? `:${e.target_id}` : ''}</bdi></td>
                <td>{changeOf(e.before, e.after).map((line) => <div key={line}><code><bdi>{line}</bdi></code></div>)}</td>
              </tr>
            ))}
          </tbody>
        </table></div>
      )}
      {next ? <button type="button" className="button" onClick={() => void more()}>{t('audit.more')}</button> : null}
    </section>
  );
}

const views = ['kpis', 'attribution', 'cohorts'] as const;
/** Every view a share link may show (those made on report pages too). */
type SharedView = 'kpis' | 'attribution' | 'budget' | 'experiment' | 'cohorts';

/**
 * Settings › Share links (issue 15): create a read-only link to a report for a date range (the URL is
 * shown once), list the links with their status, revoke one. Hidden for whoever may not manage them.
 */
export function ShareLinksSection() {
  const { t, locale } = useI18n();
  const [reload, setReload] = useState(0);
  const links = useApi<ShareLinksAnswer>('/v1/share-links', reload);
  const [view, setView] = useState<(typeof views)[number]>('kpis');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [days, setDays] = useState('30');
  const [made, setMade] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (links.status === 'error' || links.status === 'loading') return null;
  const create = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    createShareLink(view === 'cohorts' ? { view } : { view, from, to }, Number(days)).then(
      (url) => { setMade(url); setReload((n) => n + 1); },
      (failure: unknown) => setError(failure instanceof ApiError ? failure.message : String(failure)),
    );
  };
  const revoke = (id: string) => void apiSend(`/v1/share-links/${encodeURIComponent(id)}`, undefined, 'DELETE').then(() => setReload((n) => n + 1));
  return (
    <section className="card" aria-labelledby="share-title" data-testid="share-links">
      <h2 id="share-title" className="section-title">{t('share.title')}</h2>
      <p className="muted">{t('share.help')}</p>
      <form className="budget-form" onSubmit={create} data-testid="share-form">
        <label className="field"><span className="field__label">{t('share.view')}</span> <select value={view} onChange={(e) => setView(e.target.value as (typeof views)[number])}>{views.map((v) => <option key={v} value={v}>{t(`share.viewName.${v}`)}</option>)}</select></label>
        <label className="field"><span className="field__label">{t('share.from')}</span> <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} /></label>
        <label className="field"><span className="field__label">{t('share.to')}</span> <input type="date" value={to} onChange={(e) => setTo(e.target.value)} /></label>
        <label className="field"><span className="field__label">{t('share.days')}</span> <NumberInput value={days} onChange={setDays} /></label>
        <button type="submit" className="button button--primary">{t('share.create')}</button>
      </form>
      {error ? <p className="state state--error" role="status">{error}</p> : null}
      {made ? <><p className="muted">{t('share.created')}</p><CopyLine testId="share-url" text={made} /></> : null}
      {links.data.links.length === 0 ? <p className="muted">{t('share.empty')}</p> : (
        <div className="table-wrap" tabIndex={0}><table className="table">
          <thead><tr><th>{t('share.view')}</th><th>{t('share.status')}</th><th>{t('share.expires')}</th><th /></tr></thead>
          <tbody>
            {links.data.links.map((l) => (
              <tr key={l.id} data-testid="share-link">
                <td>{t(`share.viewName.${l.view as SharedView}`)} <code><bdi>{JSON.stringify(l.params)}</bdi></code> <span className="muted"><bdi translate="no">{l.prefix}…</bdi></span></td>
                <td>{t(`share.state.${l.status}`)}</td>
                <td><bdi>{localDigits(l.expires_at.slice(0, 10), locale)}</bdi></td>
                <td>{l.status === 'active' ? <button type="button" className="button" onClick={() => revoke(l.id)}>{t('share.revoke')}</button> : null}</td>
              </tr>
            ))}
          </tbody>
        </table></div>
      )}
    </section>
  );
}
