import { useI18n } from '../../i18n/i18n-context';
import { changeTone, relativeChange } from '../../lib/format/change';
import { formatChange } from '../../lib/format/format';
import { useWorkspace } from '../../workspace-context';

interface KpiCardProps {
  metric: string;
  value: number | null | undefined;
  previous: number | null | undefined;
  hasPrevious: boolean;
  /** What `previous` is: the period just before (default) or the same dates a year earlier. */
  comparison?: 'previous' | 'previous_year' | 'none';
}

/**
 * One headline metric: its value, and the change against the previous
 * period coloured by whether that direction is good for this metric
 * (CPA down is green, revenue down is red).
 */
export function KpiCard({ metric, value, previous, hasPrevious, comparison = 'previous' }: KpiCardProps) {
  const { t, locale } = useI18n();
  const { format } = useWorkspace();
  const def = format.def(metric);
  const change = relativeChange(value, previous);
  const tone = changeTone(change, def?.good);
  const arrow = change === null || change === 0 ? '' : change > 0 ? '↑' : '↓';
  return (
    <article className="kpi-card" data-testid={`kpi-card-${metric}`} title={format.description(metric)}>
      <h3 className="kpi-card__label">{format.label(metric)}</h3>
      <p className="kpi-card__value" data-testid={`kpi-value-${metric}`} data-value={value ?? ''}>
        {format.metric(metric, value)}
      </p>
      <p className={`kpi-card__change kpi-card__change--${tone}`} data-testid={`kpi-change-${metric}`} data-tone={tone}>
        {change === null ? (
          <span className="muted">
            {hasPrevious ? t(comparison === 'previous_year' ? 'kpi.previousYear' : 'kpi.previous', { value: format.metric(metric, previous) }) : t('kpi.noPrevious')}
          </span>
        ) : (
          <>
            <span aria-hidden="true">{arrow} </span>
            {t(comparison === 'previous_year' ? 'kpi.changeYear' : 'kpi.change', { change: formatChange(change, locale) })}
          </>
        )}
      </p>
    </article>
  );
}
