import { useState, type FormEvent } from 'react';
import { CopyLine } from '../../components/copy-line';
import { DataTable } from '../../components/data-table';
import { ApiView, Empty } from '../../components/state-view';
import { useI18n } from '../../i18n/i18n-context';
import type { MessageKey } from '../../i18n/messages-en';
import { ApiError, apiSend } from '../../lib/api';
import type { LinksAnswer, TrackingLinkAnswer, Workspace } from '../../lib/api-types.generated';

/** A link with its figures over the answer's range (GET /v1/links). */
type TrackingLinkStats = LinksAnswer['links'][number];
/** A tracking link as stored (without its /c/ path). */
type TrackingLink = Omit<TrackingLinkAnswer, 'url'>;
import { formatCount, formatDate, formatMoney } from '../../lib/format/format';
import { linkBody, trackingUrl, type LinkForm } from '../../lib/tracking-setup';
import { useApi } from '../../lib/use-api';

const EMPTY_FORM: LinkForm = { slug: '', destination: '', source: '', medium: '', campaign: '' };
const FIELDS: Array<{ key: keyof LinkForm; label: MessageKey; required?: boolean }> = [
  { key: 'destination', label: 'settings.destination', required: true },
  { key: 'slug', label: 'settings.slug' },
  { key: 'source', label: 'settings.utmSource' },
  { key: 'medium', label: 'settings.utmMedium' },
  { key: 'campaign', label: 'settings.utmCampaign' },
];
const EDIT_FIELDS = FIELDS.filter((field) => field.key !== 'slug');

const message = (failure: unknown) => (failure instanceof ApiError ? failure.message : String(failure));

/**
 * Tracking links: a form that creates one and shows its full URL; the list with
 * each link's clicks, unique clicks, conversions, revenue and earnings per click;
 * and per link edit, disable/enable and delete (a deleted slug stays reserved).
 */
export function LinksSection({ origin }: { origin: string }) {
  const { t, locale } = useI18n();
  const [reload, setReload] = useState(0);
  const refresh = () => setReload((n) => n + 1);
  // One page of the most a page holds; the list says when there are more.
  const links = useApi<LinksAnswer>('/v1/links?limit=1000', reload);
  const [form, setForm] = useState<LinkForm>(EMPTY_FORM);
  const [created, setCreated] = useState<TrackingLink | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [editing, setEditing] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    apiSend<TrackingLink>('/v1/links', linkBody(form)).then(
      (link) => {
        setBusy(false);
        setCreated(link);
        setForm(EMPTY_FORM);
        refresh();
      },
      (failure: unknown) => {
        setBusy(false);
        setCreated(null);
        setError(message(failure));
      },
    );
  };

  /** PATCH or DELETE one link, then reload the list (errors show above the table). */
  const act = (slug: string, method: 'PATCH' | 'DELETE', body: unknown = {}) => {
    setError(null);
    apiSend(`/v1/links/${encodeURIComponent(slug)}`, body, method).then(
      () => {
        setEditing(null);
        setConfirming(null);
        refresh();
      },
      (failure: unknown) => setError(message(failure)),
    );
  };

  const money = (value: string | null, currency: string) => (value === null ? '—' : formatMoney(Number(value), currency, locale));

  return (
    <section className="card" aria-labelledby="links-title">
      <h2 id="links-title" className="section-title">
        {t('settings.links')}
      </h2>
      <p className="muted">{t('settings.linksHelp')}</p>
      <form className="budget-form" onSubmit={submit} data-testid="link-form">
        {FIELDS.map((field) => (
          <label key={field.key} className="field">
            <span className="field__label">{t(field.label)}</span>
            <input
              type={field.key === 'destination' ? 'url' : 'text'}
              required={field.required}
              placeholder={field.key === 'destination' ? 'https://' : undefined}
              data-testid={`link-${field.key}`}
              value={form[field.key]}
              onChange={(event) => setForm({ ...form, [field.key]: event.target.value })}
            />
          </label>
        ))}
        <button type="submit" className="button button--primary" disabled={busy} data-testid="link-submit">
          {t('settings.createLink')}
        </button>
      </form>
      {error ? (
        <p className="state state--error" role="status" data-testid="link-error">
          {error}
        </p>
      ) : null}
      {created ? (
        <div data-testid="link-created" data-slug={created.slug}>
          <p className="muted">{t('settings.linkCreated')}</p>
          <CopyLine testId="link-created-url" text={trackingUrl(origin, created.slug)} />
        </div>
      ) : null}
      {editing ? (
        <LinkEditor
          key={editing}
          link={links.status === 'ok' ? links.data.links.find((link) => link.slug === editing) : undefined}
          onSave={(body) => act(editing, 'PATCH', body)}
          onCancel={() => setEditing(null)}
        />
      ) : null}
      <ApiView state={links} onRetry={refresh}>
        {(data) =>
          Array.isArray(data.links) && data.links.length > 0 ? (
            <>
              <p className="muted" data-testid="links-range">
                {t('settings.linkFigures', { from: formatDate(data.from, locale), to: formatDate(data.to, locale), days: formatCount(data.lookback_days, locale) })}
              </p>
              <DataTable<TrackingLinkStats & { url: string; status: string; source?: string; medium?: string; campaign?: string }>
                testId="links-table"
                rows={data.links.map((link) => ({
                  ...link, url: trackingUrl(origin, link.slug), status: link.disabled ? 'disabled' : 'active',
                  source: link.utm?.source, medium: link.utm?.medium, campaign: link.utm?.campaign,
                }))}
                rowKey={(row) => row.slug}
                initialSort={{ key: 'created_at', direction: 'desc' }}
                columns={[
                  { key: 'url', label: t('settings.trackingUrl'), render: (row) => <code dir="ltr">{row.url}</code> },
                  { key: 'destination', label: t('settings.destination'), render: (row) => <span dir="ltr">{row.destination}</span> },
                  { key: 'source', label: t('settings.utmSource'), render: (row) => <bdi translate="no">{row.source ?? '—'}</bdi> },
                  { key: 'medium', label: t('settings.utmMedium'), render: (row) => <bdi translate="no">{row.medium ?? '—'}</bdi> },
                  { key: 'campaign', label: t('settings.utmCampaign'), render: (row) => <bdi translate="no">{row.campaign ?? '—'}</bdi> },
                  {
                    key: 'status',
                    label: t('settings.linkStatus'),
                    render: (row) => (row.disabled ? t('settings.linkDisabled') : t('settings.linkActive')),
                  },
                  { key: 'clicks', label: t('settings.linkClicks'), numeric: true, render: (row) => formatCount(row.clicks, locale) },
                  { key: 'unique_clicks', label: t('settings.linkUniqueClicks'), numeric: true, render: (row) => formatCount(row.unique_clicks, locale) },
                  { key: 'conversions', label: t('settings.linkConversions'), numeric: true, render: (row) => formatCount(row.conversions, locale) },
                  { key: 'revenue', label: t('settings.linkRevenue'), numeric: true, render: (row) => money(row.revenue, data.currency) },
                  { key: 'epc', label: t('settings.linkEpc'), numeric: true, title: t('settings.linkEpcHelp'), render: (row) => money(row.epc, data.currency) },
                  { key: 'created_at', label: t('settings.created'), render: (row) => formatDate(row.created_at.slice(0, 10), locale) },
                  {
                    key: 'actions',
                    label: t('settings.linkActions'),
                    sortable: false,
                    render: (row) => (
                      <span style={{ display: 'inline-flex', flexWrap: 'wrap', gap: '0.25rem' }}>
                        <button type="button" className="button button--quiet" data-testid={`link-edit-${row.slug}`} onClick={() => setEditing(row.slug)}>
                          {t('settings.linkEdit')}
                        </button>
                        <button
                          type="button"
                          className="button button--quiet"
                          data-testid={`link-toggle-${row.slug}`}
                          onClick={() => act(row.slug, 'PATCH', { disabled: !row.disabled })}
                        >
                          {row.disabled ? t('settings.linkEnable') : t('settings.linkDisable')}
                        </button>
                        {confirming === row.slug ? (
                          <button type="button" className="button" data-testid={`link-delete-confirm-${row.slug}`} onClick={() => act(row.slug, 'DELETE')}>
                            {t('settings.linkDeleteConfirm')}
                          </button>
                        ) : (
                          <button type="button" className="button button--quiet" data-testid={`link-delete-${row.slug}`} onClick={() => setConfirming(row.slug)}>
                            {t('settings.linkDelete')}
                          </button>
                        )}
                      </span>
                    ),
                  },
                ]}
              />
              {data.next_cursor ? <p className="muted" data-testid="links-more">{t('settings.linksMore', { count: formatCount(data.links.length, locale) })}</p> : null}
              <p className="muted">{t('settings.linkDeleteHelp')}</p>
            </>
          ) : (
            <Empty message={t('settings.noLinks')} />
          )
        }
      </ApiView>
      <FallbackForm />
    </section>
  );
}

/** Edits one link's destination and UTM tags (PATCH /v1/links/:slug). */
function LinkEditor({ link, onSave, onCancel }: { link: TrackingLink | undefined; onSave: (body: unknown) => void; onCancel: () => void }) {
  const { t } = useI18n();
  const [form, setForm] = useState<LinkForm>({
    slug: link?.slug ?? '',
    destination: link?.destination ?? '',
    source: link?.utm.source ?? '',
    medium: link?.utm.medium ?? '',
    campaign: link?.utm.campaign ?? '',
  });
  if (!link) return null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const { destination, utm } = linkBody(form);
    // Content and term are not on the form: keep them.
    onSave({ destination, utm: { ...(link.utm.content ? { content: link.utm.content } : {}), ...(link.utm.term ? { term: link.utm.term } : {}), ...utm } });
  };
  return (
    <form className="budget-form" onSubmit={submit} data-testid="link-edit-form" aria-label={t('settings.linkEditing', { slug: link.slug })}>
      <p className="field__label">{t('settings.linkEditing', { slug: link.slug })}</p>
      {EDIT_FIELDS.map((field) => (
        <label key={field.key} className="field">
          <span className="field__label">{t(field.label)}</span>
          <input
            type={field.key === 'destination' ? 'url' : 'text'}
            required={field.required}
            data-testid={`link-edit-${field.key}`}
            value={form[field.key]}
            onChange={(event) => setForm({ ...form, [field.key]: event.target.value })}
          />
        </label>
      ))}
      <button type="submit" className="button button--primary" data-testid="link-edit-save">
        {t('settings.linkSave')}
      </button>
      <button type="button" className="button button--quiet" onClick={onCancel}>
        {t('settings.linkCancel')}
      </button>
    </form>
  );
}

/** The workspace's `fallback_url`: where disabled and deleted links send visitors (PATCH /v1/workspace). */
function FallbackForm() {
  const { t } = useI18n();
  const workspace = useApi<Workspace>('/v1/workspace');
  const [value, setValue] = useState<string | null>(null);
  const [status, setStatus] = useState<{ kind: 'saved' | 'error'; text: string } | null>(null);
  if (workspace.status !== 'ok') return null;
  const shown = value ?? workspace.data.fallback_url ?? '';
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setStatus(null);
    apiSend('/v1/workspace', { fallback_url: shown.trim() === '' ? null : shown.trim() }, 'PATCH').then(
      () => setStatus({ kind: 'saved', text: t('settings.linkFallbackSaved') }),
      (failure: unknown) => setStatus({ kind: 'error', text: message(failure) }),
    );
  };
  return (
    <form className="budget-form" onSubmit={submit} data-testid="link-fallback-form">
      <label className="field">
        <span className="field__label">{t('settings.linkFallback')}</span>
        <input type="url" dir="ltr" placeholder="https://" data-testid="link-fallback-input" value={shown} onChange={(event) => setValue(event.target.value)} />
      </label>
      <button type="submit" className="button" data-testid="link-fallback-save">
        {t('settings.linkFallbackSave')}
      </button>
      <p className="muted">{t('settings.linkFallbackHelp')}</p>
      {status ? (
        <p className={status.kind === 'error' ? 'state state--error' : 'muted'} role="status" data-testid={`link-fallback-${status.kind}`}>
          {status.text}
        </p>
      ) : null}
    </form>
  );
}
