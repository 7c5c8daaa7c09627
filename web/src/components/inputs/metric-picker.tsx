import { useCallback, useState } from 'react';
import { useI18n } from '../../i18n/i18n-context';
import { useWorkspace } from '../../workspace-context';

const STORAGE_KEY = 'rl_overview_metrics';

/** The metrics the overview shows (cards and table columns), remembered in the browser. */
export function useMetricChoice(defaults: string[]): [string[], (metrics: string[]) => void] {
  const [metrics, setMetrics] = useState<string[]>(() => {
    try {
      const stored = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null') as unknown;
      if (Array.isArray(stored) && stored.length > 0 && stored.every((m) => typeof m === 'string')) return stored as string[];
    } catch {
      // a damaged entry: fall back to the defaults
    }
    return defaults;
  });
  const choose = useCallback((next: string[]) => {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
    setMetrics(next);
  }, []);
  return [metrics, choose];
}

/**
 * Picks the KPI cards and table columns from every metric in the registry
 * (a disclosure with one checkbox per metric, in registry order).
 */
export function MetricPicker({ selected, onChange }: { selected: string[]; onChange(metrics: string[]): void }) {
  const { t } = useI18n();
  const { metrics, format } = useWorkspace();
  const names = metrics.size > 0 ? [...metrics.keys()] : selected;
  return (
    <details className="metric-picker" data-testid="metric-picker">
      <summary className="button button--small">{t('overview.metricPicker')}</summary>
      <fieldset className="metric-picker__list">
        <legend className="visually-hidden">{t('overview.metricPicker')}</legend>
        {names.map((name) => {
          const on = selected.includes(name);
          return (
            <label key={name} className="metric-picker__item">
              <input
                type="checkbox"
                data-testid={`metric-toggle-${name}`}
                checked={on}
                disabled={on && selected.length === 1}
                onChange={() => onChange(on ? selected.filter((m) => m !== name) : names.filter((m) => m === name || selected.includes(m)))}
              />
              <span>{format.label(name)}</span>
            </label>
          );
        })}
      </fieldset>
    </details>
  );
}
