/**
 * The RFM report over the store's sales, shared by `roilens rfm --db` and `GET /v1/customers/rfm`:
 * normalize → fetch (the store's score counts, now and one period earlier) → compute (grid,
 * segments, movement) → format.
 */
import {
  rfmCustomer,
  rfmFromCounts,
  type CustomerRfm,
  type RfmGridCell,
  type RfmSegmentSummary,
  type SegmentMove,
} from '../../customers/index.js';
import { invalid } from '../../shared/errors.js';
import type { Store } from '../../store/store.js';
import { checkDay, shiftDay } from './customers-common.js';
import { localToday } from '../common/date-range.js';

export interface RfmRequest {
  as_of?: string;
  /** Days back to the earlier scoring that movement is measured from (default 30). */
  compare_days?: string | number;
}

export interface RfmReport {
  as_of: string;
  previous_as_of: string;
  customers: number;
  revenue: number;
  segments: RfmSegmentSummary[];
  grid: RfmGridCell[];
  /** From the segment as of `previous_as_of` to the one as of `as_of`. */
  movement: SegmentMove[];
  /** The 20 most valuable customers: by revenue, then orders, then the more recent last purchase (then id). */
  top_customers: CustomerRfm[];
}

/** RFM segments, the R×F grid, segment movement since `compare_days` earlier and the most valuable customers. */
export async function rfmReport(store: Store, workspaceId: string, req: RfmRequest): Promise<RfmReport> {
  const asOf = req.as_of === undefined ? undefined : checkDay(req.as_of, 'as_of');
  const compareDays = req.compare_days === undefined ? 30 : Number(req.compare_days);
  if (!Number.isInteger(compareDays) || compareDays < 1 || compareDays > 3650) throw invalid('compare_days', 'must be a whole number of days from 1 to 3650');
  const scored = await store.rfmScoreCounts(workspaceId, { asOf, compareDays });
  const { customers, revenue, segments, grid, movement } = rfmFromCounts(scored.counts);
  // as_of is null only without sales and without as_of: then movement is measured from before today.
  const previousAsOf = scored.previous_as_of ?? shiftDay(await localToday(store, workspaceId), -compareDays);
  return { as_of: scored.as_of ?? '', previous_as_of: previousAsOf, customers, revenue, segments, grid, movement, top_customers: scored.top.map(rfmCustomer) };
}
