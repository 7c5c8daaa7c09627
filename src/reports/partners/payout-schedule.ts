/** When a programme pays next (issue 16 payouts due): weekly runs on Mondays, monthly on the 1st, manual never by itself. */
import { addDays } from '../../metrics/time-zone.js';
import type { Program } from '../../records/partners.js';

/** The first local day after `today` on the schedule (weekly: a Monday; monthly: a 1st); null for manual. */
export function nextPayoutDate(schedule: Program['payout_schedule'], today: string): string | null {
  if (schedule === 'manual') return null;
  if (schedule === 'monthly') {
    const [y, m] = today.split('-').map(Number);
    return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
  }
  const weekday = new Date(`${today}T00:00:00Z`).getUTCDay(); // 0 Sunday … 6 Saturday
  return addDays(today, ((8 - weekday) % 7) || 7);
}
