import { useMemo, useState, type FormEvent } from 'react';
import { CopyLine } from '../../components/copy-line';
import { NumberInput } from '../../components/inputs/number-input';
import { RichText } from '../../components/rich-text';
import { ApiView } from '../../components/state-view';
import { useI18n } from '../../i18n/i18n-context';
import { ApiError, apiSend } from '../../lib/api';
import type { Workspace } from '../../lib/api-types.generated';
import { formatNumber } from '../../lib/format/format';
import { postbackTemplate, snippetTag } from '../../lib/tracking-setup';
import { useApi } from '../../lib/use-api';
import { WORKSPACE_CHANGED_EVENT } from '../../workspace-context';
import { ChannelRulesSection } from './settings-channels';
import { LinksSection } from './settings-links';
import { PostbackSourcesSection, RevenueGuardSection } from './settings-postback';
import { PrivacySection } from './settings-privacy';
import { AuditSection, ShareLinksSection } from './settings-audit';

/**
 * Tracking setup: the install snippet and postback template, tracking
 * links, the channel rules (read-only) and the workspace's currency, time
 * zone and margin.
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
              <p className="muted">
                <RichText text={t('settings.installHelp')} />
              </p>
              <CopyLine testId="snippet" text={snippetTag(origin, ws.write_key ?? '')} />
              <p className="muted">
                <RichText text={t('settings.postbackHelp')} />
              </p>
              <CopyLine testId="postback-template" text={postbackTemplate(origin, ws.write_key ?? '', ws.currency)} />
            </section>
            <PostbackSourcesSection />
            <RevenueGuardSection workspace={ws} onSaved={() => window.dispatchEvent(new Event(WORKSPACE_CHANGED_EVENT))} />
            <LinksSection origin={origin} />
            <ChannelRulesSection />
            <WorkspaceSection workspace={ws} onSaved={() => window.dispatchEvent(new Event(WORKSPACE_CHANGED_EVENT))} />
            <PrivacySection workspace={ws} />
            <ShareLinksSection />
            <AuditSection />
          </>
        )}
      </ApiView>
    </div>
  );
}

/** Current IANA names browsers may list under an older alias (Chromium lists Asia/Saigon, Asia/Calcutta). */
const CURRENT_NAMES = ['UTC', 'Asia/Tehran', 'Asia/Ho_Chi_Minh', 'Asia/Kolkata', 'Europe/Kyiv'];

/** Every IANA time zone the browser knows, the current names and the workspace's own (the server checks the name). */
function timeZones(current: string): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
  const zones = new Set([...(intl.supportedValuesOf ? intl.supportedValuesOf('timeZone') : []), ...CURRENT_NAMES, current]);
  return [...zones].sort((a, b) => a.localeCompare(b));
}

/**
 * The workspace's currency, time zone and margin, editable: the form sends
 * only what changed (`PATCH /v1/workspace`) and shows the server's reason
 * when it refuses a value.
 */
function WorkspaceSection({ workspace, onSaved }: { workspace: Workspace; onSaved(): void }) {
  const { t, locale } = useI18n();
  const [saved, setSaved] = useState({
    currency: workspace.currency, timezone: workspace.timezone, margin: workspace.margin ?? '',
    calendar: workspace.calendar ?? 'gregorian', irr_display: workspace.irr_display ?? 'rial',
  });
  const [draft, setDraft] = useState(saved);
  const [message, setMessage] = useState<{ kind: 'error' | 'saved'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const zones = useMemo(() => timeZones(saved.timezone), [saved.timezone]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next = { ...draft, currency: draft.currency.trim().toUpperCase(), margin: draft.margin.trim() };
    const patch: Record<string, string> = {};
    for (const key of ['currency', 'timezone', 'margin', 'calendar', 'irr_display'] as const) if (next[key] !== saved[key]) patch[key] = next[key];
    if (Object.keys(patch).length === 0) return;
    setBusy(true);
    setMessage(null);
    apiSend('/v1/workspace', patch, 'PATCH').then(
      () => {
        setBusy(false);
        setSaved(next);
        setDraft(next);
        setMessage({ kind: 'saved', text: t('settings.timezoneSaved') });
        onSaved();
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
        <dd data-testid="workspace-currency" translate="no">
          {saved.currency}
        </dd>
        <dt>{t('settings.timezone')}</dt>
        <dd data-testid="workspace-timezone" translate="no">
          {saved.timezone}
        </dd>
        <dt>{t('settings.margin')}</dt>
        <dd data-testid="workspace-margin" data-value={saved.margin}>
          {saved.margin === '' ? '—' : formatNumber(Number(saved.margin), locale)}
        </dd>
      </dl>
      <form className="budget-form" onSubmit={submit} data-testid="workspace-form" aria-label={t('settings.editWorkspace')}>
        <label className="field">
          <span className="field__label">{t('settings.currency')}</span>
          <input
            data-testid="currency-input"
            translate="no"
            dir="ltr"
            maxLength={3}
            size={5}
            autoCapitalize="characters"
            value={draft.currency}
            onChange={(event) => setDraft({ ...draft, currency: event.target.value })}
          />
        </label>
        <label className="field">
          <span className="field__label">{t('settings.timezone')}</span>
          <select data-testid="timezone-select" translate="no" dir="ltr" value={draft.timezone} onChange={(event) => setDraft({ ...draft, timezone: event.target.value })}>
            {zones.map((zone) => (
              <option key={zone} value={zone}>
                {zone}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field__label">{t('settings.calendar')}</span>
          <select data-testid="calendar-select" value={draft.calendar} onChange={(event) => setDraft({ ...draft, calendar: event.target.value as 'gregorian' | 'jalali' })}>
            <option value="gregorian">{t('settings.calendarGregorian')}</option>
            <option value="jalali">{t('settings.calendarJalali')}</option>
          </select>
        </label>
        {draft.currency.trim().toUpperCase() === 'IRR' ? (
          <label className="field">
            <span className="field__label">{t('settings.irrDisplay')}</span>
            <select data-testid="irr-display-select" value={draft.irr_display} onChange={(event) => setDraft({ ...draft, irr_display: event.target.value as 'rial' | 'toman' })}>
              <option value="rial">{t('settings.irrRial')}</option>
              <option value="toman">{t('settings.irrToman')}</option>
            </select>
          </label>
        ) : null}
        <label className="field">
          <span className="field__label">{t('settings.newMargin')}</span>
          <NumberInput data-testid="margin-input" value={draft.margin} onChange={(value) => setDraft({ ...draft, margin: value })} />
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
