import { useState } from 'react';
import { ApiView } from '../../components/state-view';
import { useI18n } from '../../i18n/i18n-context';
import type { PartnersAnswer, ProgramsAnswer } from '../../lib/api-types.generated';
import { todayIn } from '../../lib/dates/dates';
import { useApi } from '../../lib/use-api';
import { useWorkspace } from '../../workspace-context';
import { LeaderboardSection } from './leaderboard-section';
import { PartnersSection } from './partners-section';
import { PayoutsSection } from './payouts-section';
import { ProgramsSection } from './programs-section';
import { ReviewSection } from './review-section';

/** Who may change partner programmes: owners and admins (`partners:write`); the server refuses anyone else anyway. */
const WRITERS = new Set(['owner', 'admin']);

interface SessionAnswer {
  email?: string;
  workspaces?: { id: string; role: string }[];
}

/**
 * The programme manager's page (issue 16): programmes, partners, each partner's ledger with the
 * review of held commissions, and payouts. Forms show only to people who may write.
 */
export function PartnersPage() {
  const { t } = useI18n();
  const { workspace } = useWorkspace();
  const [reload, setReload] = useState(0);
  const changed = () => setReload((n) => n + 1);
  const session = useApi<SessionAnswer>('/v1/session');
  const programs = useApi<ProgramsAnswer>('/v1/programs?limit=200', reload);
  const partners = useApi<PartnersAnswer>('/v1/partners?limit=500', reload);
  // The admin token's session names no person: it holds every scope.
  const role = session.status === 'ok' ? (session.data.workspaces?.find((w) => w.id === workspace.id)?.role ?? (session.data.email ? 'viewer' : 'owner')) : 'viewer';
  const canWrite = WRITERS.has(role);
  const programList = programs.status === 'ok' ? programs.data.programs : [];
  const partnerList = partners.status === 'ok' ? partners.data.partners : [];

  return (
    <div className="page" data-testid="partners-page">
      <div className="page__head"><h1>{t('partners.title')}</h1></div>
      <p className="muted">{t('partners.intro')}</p>
      <ProgramsSection programs={programs} canWrite={canWrite} currency={workspace.currency} onChanged={changed} />
      <ApiView state={programs}>
        {() => <PartnersSection key={programList.length} partners={partners} programs={programList} canWrite={canWrite} onChanged={changed} />}
      </ApiView>
      {programList.length > 0 ? <LeaderboardSection programs={programList} /> : null}
      {partnerList.length > 0 ? <ReviewSection key={`review-${reload}`} partners={partnerList} canWrite={canWrite} timezone={workspace.timezone} /> : null}
      {programList.length > 0 ? <PayoutsSection partners={partnerList} programs={programList} canWrite={canWrite} today={todayIn(workspace.timezone)} /> : null}
    </div>
  );
}
