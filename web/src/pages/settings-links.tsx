import { useState, type FormEvent } from 'react';
import { CopyLine } from '../components/copy-line';
import { DataTable } from '../components/data-table';
import { ApiView, Empty } from '../components/state-view';
import { useI18n } from '../i18n/i18n-context';
import type { MessageKey } from '../i18n/messages-en';
import { ApiError, apiSend } from '../lib/api';
import type { LinksAnswer, TrackingLink } from '../lib/api-types';
import { formatDate } from '../lib/format';
import { linkBody, trackingUrl, type LinkForm } from '../lib/tracking-setup';
import { useApi } from '../lib/use-api';

const EMPTY_FORM: LinkForm = { slug: '', destination: '', source: '', medium: '', campaign: '' };
const FIELDS: Array<{ key: keyof LinkForm; label: MessageKey; required?: boolean }> = [
  { key: 'destination', label: 'settings.destination', required: true },
  { key: 'slug', label: 'settings.slug' },
  { key: 'source', label: 'settings.utmSource' },
  { key: 'medium', label: 'settings.utmMedium' },
  { key: 'campaign', label: 'settings.utmCampaign' },
];

/** Tracking links: the list, and a form that creates one and shows its full URL. */
export function LinksSection({ origin }: { origin: string }) {
  const { t, locale } = useI18n();
  const [reload, setReload] = useState(0);
  const links = useApi<LinksAnswer>('/v1/links', reload);
  const [form, setForm] = useState<LinkForm>(EMPTY_FORM);
  const [created, setCreated] = useState<TrackingLink | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    apiSend<TrackingLink>('/v1/links', linkBody(form)).then(
      (link) => {
        setBusy(false);
        setCreated(link);
        setForm(EMPTY_FORM);
        setReload((n) => n + 1);
      },
      (failure: unknown) => {
        setBusy(false);
        setCreated(null);
        setError(failure instanceof ApiError ? failure.message : String(failure));
      },
    );
  };

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
      <ApiView state={links} onRetry={() => setReload((n) => n + 1)}>
        {(data) =>
          Array.isArray(data.links) && data.links.length > 0 ? (
            <DataTable
              testId="links-table"
              rows={data.links.map((link) => ({ ...link, url: trackingUrl(origin, link.slug), source: link.utm?.source, medium: link.utm?.medium, campaign: link.utm?.campaign }))}
              rowKey={(row) => row.slug}
              initialSort={{ key: 'created_at', direction: 'desc' }}
              columns={[
                { key: 'url', label: t('settings.trackingUrl'), render: (row) => <code>{row.url}</code> },
                { key: 'destination', label: t('settings.destination') },
                { key: 'source', label: t('settings.utmSource') },
                { key: 'medium', label: t('settings.utmMedium') },
                { key: 'campaign', label: t('settings.utmCampaign') },
                { key: 'created_at', label: t('settings.created'), render: (row) => formatDate(row.created_at.slice(0, 10), locale) },
              ]}
            />
          ) : (
            <Empty message={t('settings.noLinks')} />
          )
        }
      </ApiView>
    </section>
  );
}
