import { useState, type FormEvent } from 'react';
import { CopyLine } from '../components/copy-line';
import { ApiView } from '../components/state-view';
import { useI18n } from '../i18n/i18n-context';
import { ApiError, apiSend } from '../lib/api';
import type { Workspace } from '../lib/api-types';
import { postbackTemplate, snippetTag } from '../lib/tracking-setup';
import { useApi } from '../lib/use-api';
import { ChannelRulesSection } from './settings-channels';
import { LinksSection } from './settings-links';

/**
 * Tracking setup: the install snippet and postback template, tracking
 * links, the channel rules (read-only) and the workspace's margin.
 */
export function SettingsPage() {
  const { t } = useI18n();
  const [reload, setReload] = useState(0);
  const workspace = useApi<Workspace>('/v1/workspace', reload);
  const origin = window.location.origin;

  return (
    <div className="page">
      <div className="page__head">
        <h1>{t('settings.title')}</h1>
      </div>
      <ApiView state={workspace} onRetry={() => setReload((n) => n + 1)}>
        {(ws) => (
          <>
            <section className="card" aria-labelledby="install-title">
              <h2 id="install-title" className="section-title">
                {t('settings.install')}
              </h2>
              <p className="muted">{t('settings.installHelp')}</p>
              <CopyLine testId="snippet" text={snippetTag(origin, ws.write_key ?? '')} />
              <p className="muted">{t('settings.postbackHelp')}</p>
              <CopyLine testId="postback-template" text={postbackTemplate(origin, ws.write_key ?? '', ws.currency)} />
            </section>
            <LinksSection origin={origin} />
            <ChannelRulesSection />
            <WorkspaceSection workspace={ws} />
          </>
        )}
      </ApiView>
    </div>
  );
}

function WorkspaceSection({ workspace }: { workspace: Workspace }) {
  const { t } = useI18n();
  const [current, setCurrent] = useState(workspace.margin ?? null);
  const [margin, setMargin] = useState(workspace.margin ?? '');
  const [message, setMessage] = useState<{ kind: 'error' | 'saved'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setMessage(null);
    const value = margin.trim();
    apiSend('/v1/workspace', { margin: value }, 'PATCH').then(
      () => {
        setBusy(false);
        setCurrent(value);
        setMessage({ kind: 'saved', text: t('settings.marginSaved') });
      },
      (error: unknown) => {
        setBusy(false);
        setMessage({ kind: 'error', text: error instanceof ApiError ? error.message : String(error) });
      },
    );
  };

  return (
    <section className="card" aria-labelledby="workspace-title">
      <h2 id="workspace-title" className="section-title">
        {t('settings.workspace')}
      </h2>
      <dl className="settings-facts">
        <dt>{t('settings.currency')}</dt>
        <dd data-testid="workspace-currency">{workspace.currency}</dd>
        <dt>{t('settings.timezone')}</dt>
        <dd data-testid="workspace-timezone">{workspace.timezone}</dd>
        <dt>{t('settings.margin')}</dt>
        <dd data-testid="workspace-margin" data-value={current ?? ''}>
          {current ?? '—'}
        </dd>
      </dl>
      <form className="budget-form" onSubmit={submit} data-testid="margin-form">
        <label className="field">
          <span className="field__label">{t('settings.newMargin')}</span>
          <input inputMode="decimal" data-testid="margin-input" value={margin} onChange={(event) => setMargin(event.target.value)} />
        </label>
        <button type="submit" className="button button--primary" disabled={busy} data-testid="margin-submit">
          {t('settings.save')}
        </button>
      </form>
      <p className="muted">{t('settings.marginHelp')}</p>
      {message ? (
        <p className={message.kind === 'error' ? 'state state--error' : 'muted'} role="status" data-testid={message.kind === 'error' ? 'margin-error' : 'margin-saved'}>
          {message.text}
        </p>
      ) : null}
    </section>
  );
}
