import { useState } from 'react';
import { DataTable } from '../../components/data-table';
import { ApiView, Empty } from '../../components/state-view';
import { RichText } from '../../components/rich-text';
import { useI18n } from '../../i18n/i18n-context';
import { formatCount } from '../../lib/format/format';
import type { ChannelRulesAnswer } from '../../lib/api-types.generated';
import { useApi } from '../../lib/use-api';

/** The channel grouping rules, first match wins; edited from the CLI or the API, not here. */
export function ChannelRulesSection() {
  const { t, idLabel, locale } = useI18n();
  const [reload, setReload] = useState(0);
  const state = useApi<ChannelRulesAnswer>('/v1/channels/rules', reload);
  const dash = (value: string | undefined) => (value ? <code dir="ltr" translate="no">{value}</code> : '—');

  return (
    <section className="card" aria-labelledby="channel-rules-title">
      <h2 id="channel-rules-title" className="section-title">
        {t('settings.channelRules')}
      </h2>
      <p className="muted">
        <RichText text={t('settings.channelRulesHelp')} />
      </p>
      <ApiView state={state} onRetry={() => setReload((n) => n + 1)}>
        {(data) =>
          Array.isArray(data.rules) && data.rules.length > 0 ? (
            <>
              <p className="muted" data-testid="channel-rules-origin" data-default={String(data.default)}>
                {data.default ? t('settings.rulesDefault') : t('settings.rulesCustom')}
              </p>
              <div className="settings-rules">
                <DataTable
                  testId="channel-rules-table"
                  rows={data.rules.map((rule, index) => ({ ...rule, order: index + 1, click_ids: (rule.click_id_kinds ?? []).join(', ') }))}
                  rowKey={(row) => String(row.order)}
                  columns={[
                    { key: 'order', label: '#', numeric: true, sortable: false, render: (row) => formatCount(row.order, locale) },
                    { key: 'channel', label: t('settings.channel'), sortable: false, render: (row) => idLabel('channel', row.channel) },
                    { key: 'source', label: t('settings.utmSource'), sortable: false, render: (row) => dash(row.source) },
                    { key: 'medium', label: t('settings.utmMedium'), sortable: false, render: (row) => dash(row.medium) },
                    { key: 'referrer_host', label: t('settings.referrerHost'), sortable: false, render: (row) => dash(row.referrer_host) },
                    { key: 'click_ids', label: t('settings.clickIds'), sortable: false, render: (row) => dash(row.click_ids) },
                  ]}
                />
              </div>
            </>
          ) : (
            <Empty message={t('settings.noRules')} />
          )
        }
      </ApiView>
    </section>
  );
}
