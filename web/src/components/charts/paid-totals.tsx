import { useI18n } from '../../i18n/i18n-context';
import { paidOf } from '../../lib/paid';
import { useWorkspace } from '../../workspace-context';

/**
 * ROAS, ROI and CPA over the channels with spend (`totals.paid`), under the KPI cards,
 * which cover every channel: says which figures the paid channels earned. A null is "—".
 */
export function PaidTotalsNote({ totals }: { totals: unknown }) {
  const { t } = useI18n();
  const { format } = useWorkspace();
  const paid = paidOf(totals);
  if (!paid) return null;
  const figures = (['roas', 'roi', 'cpa'] as const).map((m) => `${format.label(m)} ${format.metric(m, paid[m])}`).join(' · ');
  return (
    <p className="muted small" data-testid="kpi-paid">
      {t('overview.paid', { figures })}
    </p>
  );
}
