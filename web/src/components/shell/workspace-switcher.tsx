import { useI18n } from '../../i18n/i18n-context';
import type { Workspace, WorkspacesAnswer } from '../../lib/api-types.generated';
import { useApi } from '../../lib/use-api';
import { chooseWorkspace } from '../../lib/workspace-choice';

/**
 * The header's workspace switcher (issue 15): the workspaces the session can see (`GET /v1/workspaces`);
 * choosing one makes every later API call act there (`X-Roilens-Workspace`) and reloads the pages, whose
 * figures then follow that workspace's currency and time zone. Hidden while there is only one.
 */
export function WorkspaceSwitcher({ current }: { current: Workspace }) {
  const { t } = useI18n();
  const list = useApi<WorkspacesAnswer>('/v1/workspaces');
  if (list.status !== 'ok' || list.data.workspaces.length < 2) return null;
  return (
    <label className="field field--inline">
      <span className="field__label">{t('header.switchWorkspace')}</span>
      <select data-testid="workspace-switcher" value={current.id} onChange={(event) => chooseWorkspace(event.target.value)}>
        {list.data.workspaces.map((ws) => (
          <option key={ws.id} value={ws.id} translate="no">
            {ws.archived_at ? `${ws.name} (${t('header.archived')})` : ws.name} · {ws.currency}
          </option>
        ))}
      </select>
    </label>
  );
}
