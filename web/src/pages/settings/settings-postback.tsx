import { useState, type FormEvent } from 'react';
import { CopyLine } from '../../components/copy-line';
import { NumberInput } from '../../components/inputs/number-input';
import { ApiView, Empty } from '../../components/state-view';
import { useI18n } from '../../i18n/i18n-context';
import { ApiError, apiGet, apiSend } from '../../lib/api';
import type { Workspace } from '../../lib/api-types.generated';
import { formatDate, formatMoney } from '../../lib/format/format';
import { useApi } from '../../lib/use-api';

/** A postback source as `GET /v1/postback-sources` lists it (never with its secret). */
interface PostbackSource {
  id: string;
  name: string;
  ip_allow?: string[] | null;
  created_at?: string | null;
}

/** `POST /v1/postback-sources` answers the secret once. */
interface CreatedSource {
  id: string;
  name: string;
  secret: string;
  ip_allow?: string[];
}

/** The revenue guard fields of `GET /v1/workspace`. */
type RevenueSources = 'verified' | 'all';
type GuardedWorkspace = Workspace & { revenue_sources?: RevenueSources | null; max_order_amount?: string | null };

const failureText = (failure: unknown) => (failure instanceof ApiError ? failure.message : String(failure));

/** Addresses or CIDR ranges typed one per line or separated by commas/spaces. */
export function parseIpAllow(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

/**
 * Postback sources: the list (`GET /v1/postback-sources`) and a form that
 * creates one (`POST /v1/postback-sources`); the new source's id and secret
 * are shown once, with copy buttons, since the server keeps only a hash.
 */
export function PostbackSourcesSection() {
  const { t, locale } = useI18n();
  const [reload, setReload] = useState(0);
  const sources = useApi<{ sources: PostbackSource[] }>('/v1/postback-sources', reload);
  const [name, setName] = useState('');
  const [ipAllow, setIpAllow] = useState('');
  const [created, setCreated] = useState<CreatedSource | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const ips = parseIpAllow(ipAllow);
    setBusy(true);
    setError(null);
    setCreated(null);
    apiSend<CreatedSource>('/v1/postback-sources', { name: name.trim(), ...(ips.length > 0 ? { ip_allow: ips } : {}) }).then(
      (source) => {
        setBusy(false);
        setCreated(source);
        setName('');
        setIpAllow('');
        setReload((n) => n + 1);
      },
      (failure: unknown) => {
        setBusy(false);
        setError(failureText(failure));
      },
    );
  };

  return (
    <section className="card" aria-labelledby="postback-sources-title">
      <h2 id="postback-sources-title" className="section-title">
        {t('postbackSources.title')}
      </h2>
      <p className="muted">{t('postbackSources.help')}</p>
      <form className="budget-form" onSubmit={submit} data-testid="postback-source-form">
        <label className="field">
          <span className="field__label">{t('postbackSources.name')}</span>
          <input required maxLength={200} data-testid="postback-source-name" value={name} onChange={(event) => setName(event.target.value)} />
        </label>
        <label className="field">
          <span className="field__label">{t('postbackSources.ipAllow')}</span>
          <input dir="ltr" translate="no" placeholder="203.0.113.0/24" data-testid="postback-source-ips" value={ipAllow} onChange={(event) => setIpAllow(event.target.value)} />
        </label>
        <button type="submit" className="button button--primary" disabled={busy} data-testid="postback-source-submit">
          {t('postbackSources.create')}
        </button>
      </form>
      {error ? (
        <p className="state state--error" role="status" data-testid="postback-source-error">
          {error}
        </p>
      ) : null}
      {created ? (
        <div data-testid="postback-source-created" data-id={created.id}>
          <p className="muted">{t('postbackSources.createdOnce')}</p>
          <CopyLine testId="postback-source-id" text={created.id} />
          <CopyLine testId="postback-source-secret" text={created.secret} />
        </div>
      ) : null}
      <ApiView state={sources} onRetry={() => setReload((n) => n + 1)}>
        {(answer) =>
          answer.sources.length === 0 ? (
            <Empty message={t('postbackSources.none')} testId="postback-sources-empty" />
          ) : (
            <div className="table-wrap">
              <table className="table" data-testid="postback-sources-table">
                <thead>
                  <tr>
                    <th scope="col">{t('postbackSources.name')}</th>
                    <th scope="col">{t('postbackSources.id')}</th>
                    <th scope="col">{t('postbackSources.ipAllow')}</th>
                    <th scope="col">{t('postbackSources.created')}</th>
                  </tr>
                </thead>
                <tbody>
                  {answer.sources.map((source) => (
                    <tr key={source.id} data-testid="postback-source-row" data-id={source.id}>
                      <td translate="no">
                        <bdi>{source.name}</bdi>
                      </td>
                      <td dir="ltr" translate="no">
                        <code>{source.id}</code>
                      </td>
                      <td dir="ltr" translate="no">
                        {source.ip_allow && source.ip_allow.length > 0 ? source.ip_allow.join(', ') : t('postbackSources.anyIp')}
                      </td>
                      <td>{source.created_at ? formatDate(source.created_at.slice(0, 10), locale) : '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </ApiView>
    </section>
  );
}

/**
 * Which sales count as revenue (`revenue_sources`: verified sources only,
 * or all; unset: verified once a verified source exists) and the largest
 * amount one order may carry (`max_order_amount`, a decimal string in the
 * workspace currency; empty removes it), saved with `PATCH /v1/workspace`.
 */
export function RevenueGuardSection({ workspace, onSaved }: { workspace: Workspace; onSaved(): void }) {
  const { t, locale } = useI18n();
  const ws = workspace as GuardedWorkspace;
  const [saved, setSaved] = useState({ revenue_sources: ws.revenue_sources ?? '', max_order_amount: ws.max_order_amount ?? '' });
  const [draft, setDraft] = useState(saved);
  const [message, setMessage] = useState<{ kind: 'error' | 'saved'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next = { revenue_sources: draft.revenue_sources, max_order_amount: draft.max_order_amount.trim() };
    const patch: Record<string, string | null> = {};
    if (next.revenue_sources !== saved.revenue_sources) patch.revenue_sources = next.revenue_sources === '' ? null : next.revenue_sources;
    if (next.max_order_amount !== saved.max_order_amount) patch.max_order_amount = next.max_order_amount === '' ? null : next.max_order_amount;
    if (Object.keys(patch).length === 0) return;
    setBusy(true);
    setMessage(null);
    apiSend('/v1/workspace', patch, 'PATCH')
      // Show what the server kept (it normalizes amounts: "5000.50" is stored as "5000.5").
      .then(() => apiGet<GuardedWorkspace>('/v1/workspace'))
      .then(
        (stored) => {
          const kept = { revenue_sources: stored.revenue_sources ?? '', max_order_amount: stored.max_order_amount ?? '' };
          setBusy(false);
          setSaved(kept);
          setDraft(kept);
          setMessage({ kind: 'saved', text: t('settings.timezoneSaved') });
          onSaved();
        },
        (failure: unknown) => {
          setBusy(false);
          setMessage({ kind: 'error', text: failureText(failure) });
        },
      );
  };

  const sourcesLabel = (value: string) => (value === 'verified' ? t('revenueGuard.verified') : value === 'all' ? t('revenueGuard.all') : t('revenueGuard.default'));

  return (
    <section className="card" aria-labelledby="revenue-guard-title">
      <h2 id="revenue-guard-title" className="section-title">
        {t('revenueGuard.title')}
      </h2>
      <dl className="settings-facts">
        <dt>{t('revenueGuard.sources')}</dt>
        <dd data-testid="revenue-sources" data-value={saved.revenue_sources}>
          {sourcesLabel(saved.revenue_sources)}
        </dd>
        <dt>{t('revenueGuard.maxOrder')}</dt>
        <dd data-testid="max-order-amount" data-value={saved.max_order_amount}>
          {saved.max_order_amount === '' ? '—' : formatMoney(Number(saved.max_order_amount), workspace.currency, locale)}
        </dd>
      </dl>
      <form className="budget-form revenue-guard-form" onSubmit={submit} data-testid="revenue-guard-form">
        <label className="field">
          <span className="field__label">{t('revenueGuard.sources')}</span>
          <select data-testid="revenue-sources-select" value={draft.revenue_sources} onChange={(event) => setDraft({ ...draft, revenue_sources: event.target.value })}>
            <option value="">{t('revenueGuard.default')}</option>
            <option value="verified">{t('revenueGuard.verified')}</option>
            <option value="all">{t('revenueGuard.all')}</option>
          </select>
        </label>
        <label className="field">
          <span className="field__label">
            {t('revenueGuard.maxOrder')} (<span translate="no">{workspace.currency}</span>)
          </span>
          <NumberInput data-testid="max-order-input" value={draft.max_order_amount} onChange={(value) => setDraft({ ...draft, max_order_amount: value })} />
        </label>
        <button type="submit" className="button button--primary" disabled={busy} data-testid="revenue-guard-submit">
          {t('settings.save')}
        </button>
      </form>
      <p className="muted">{t('revenueGuard.help')}</p>
      {message ? (
        <p className={message.kind === 'error' ? 'state state--error' : 'muted'} role="status" data-testid={message.kind === 'error' ? 'revenue-guard-error' : 'revenue-guard-saved'}>
          {message.text}
        </p>
      ) : null}
    </section>
  );
}
