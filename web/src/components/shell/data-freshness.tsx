import { useI18n } from '../../i18n/i18n-context';
import { apiUrl } from '../../lib/api';
import { formatDate, formatInstant } from '../../lib/format/format';
import { useApi } from '../../lib/use-api';

/** The part of a KPI answer that says how fresh its figures are (`fresh_as_of`: the aggregates' watermark). */
interface Freshness {
  fresh_as_of?: string;
}

/**
 * How fresh the page's data is (issue 14): when the aggregates the dashboard reads were last
 * brought up to date with the events (the KPI answer's `fresh_as_of`, asked for the last day with
 * data: a small read, usually from the answer cache), shown in the workspace's time zone; a store
 * whose answers carry no watermark shows the last day with data instead. Mounted once per page,
 * so every page asks afresh.
 */
export function DataFreshness({ dataTo, timezone }: { dataTo: string | null; timezone: string }) {
  const { t, locale } = useI18n();
  const state = useApi<Freshness>(dataTo ? apiUrl('/v1/kpis', { from: dataTo, to: dataTo, compare: 'none' }) : null);
  if (dataTo === null) return null;
  const at = state.status === 'ok' ? state.data.fresh_as_of : undefined;
  return (
    <p className="muted data-freshness" data-testid="data-freshness" data-fresh-as-of={at ?? ''}>
      {at ? t('freshness.asOf', { at: formatInstant(at, locale, timezone) }) : t('freshness.through', { date: formatDate(dataTo, locale) })}
    </p>
  );
}
