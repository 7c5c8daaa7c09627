import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { useI18n } from './i18n/i18n-context';
import type { MetricsAnswer, Workspace } from './lib/api-types.generated';

/** One metric of the KPI registry (`GET /v1/metrics`). */
type MetricDef = MetricsAnswer['metrics'][number];
import { lookup } from './i18n/translate';
import { formatCompact, formatValue, TOMAN, type Unit } from './lib/format/format';

export interface WorkspaceInfo {
  workspace: Workspace;
  metrics: Map<string, MetricDef>;
}

export interface MetricFormat {
  /** A metric value by the metric's registry unit, in the workspace currency. */
  metric(name: string, value: number | null | undefined): string;
  /** A value with an explicit unit. */
  unit(unit: Unit, value: number | null | undefined): string;
  /** A short axis label for a metric value (`€1.5K`). */
  axis(name: string, value: number): string;
  /** A short axis label with an explicit unit. */
  axisUnit(unit: Unit, value: number): string;
  /** Registry entry (may be missing if the server does not list the metric). */
  def(name: string): MetricDef | undefined;
  /** Localized metric name. */
  label(name: string): string;
  /** The metric's description in this locale (`metricHelp.<name>`), the registry's English one in English, else undefined. */
  description(name: string): string | undefined;
}

const WorkspaceContext = createContext<WorkspaceInfo | null>(null);

/** Fired on window after the workspace settings changed, so the shell reads them again. */
export const WORKSPACE_CHANGED_EVENT = 'roilens:workspace-changed';

/** Makes the workspace and the KPI registry available to every page. */
export function WorkspaceProvider({ value, children }: { value: WorkspaceInfo; children: ReactNode }) {
  return <WorkspaceContext.Provider value={value}>{children}</WorkspaceContext.Provider>;
}

/** Units assumed for common metrics when the registry does not list them. */
const FALLBACK_UNITS: Record<string, Unit> = {
  spend: 'money', revenue: 'money', cpa: 'money', cpl: 'money', cpc: 'money', cpm: 'money',
  profit: 'money', aov: 'money', cac: 'money', value_per_visit: 'money',
  ctr: 'ratio', conversion_rate: 'ratio', roi: 'ratio', roas: 'ratio',
  time_on_site: 'seconds', time_per_session: 'seconds',
};

/** The workspace, its registry and metric-aware formatters for the current locale. */
export function useWorkspace(): WorkspaceInfo & { format: MetricFormat } {
  const info = useContext(WorkspaceContext);
  if (!info) throw new Error('useWorkspace outside WorkspaceProvider');
  const { locale, metricLabel } = useI18n();
  const format = useMemo<MetricFormat>(() => {
    const { currency: code, irr_display: irrDisplay } = info.workspace;
    const currency = code === 'IRR' && irrDisplay === 'toman' ? TOMAN : code;
    const unitOf = (name: string): Unit => info.metrics.get(name)?.unit ?? FALLBACK_UNITS[name] ?? 'count';
    return {
      metric: (name, value) => formatValue(value, unitOf(name), currency, locale),
      unit: (unit, value) => formatValue(value, unit, currency, locale),
      axis: (name, value) => formatCompact(value, unitOf(name), currency, locale),
      axisUnit: (unit, value) => formatCompact(value, unit, currency, locale),
      def: (name) => info.metrics.get(name),
      label: (name) => metricLabel(name, info.metrics.get(name)?.label),
      description: (name) => {
        const english = info.metrics.get(name)?.description;
        const local = lookup(locale, `metricHelp.${name}`, '');
        return local || (locale === 'en' ? english : undefined);
      },
    };
  }, [info, locale, metricLabel]);
  return { ...info, format };
}
