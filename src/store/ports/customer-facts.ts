import type { CustomerProfile, CustomerTransaction, PeopleStats, SegmentQuery } from '../customers.js';
import { assertListed, type AllListed } from './port-methods.js';

/** Per-person facts: sales by stitched person, profiles and segment totals. */
export interface CustomerFacts {
  /** Every sale up to `to` (inclusive) per stitched person, in the workspace currency, oldest first. */
  customerTransactions(workspaceId: string, query: { to?: string }): Promise<CustomerTransaction[]>;
  /** Profiles of people (all, the given ids, or a segment's members), most revenue first. */
  customerProfiles(workspaceId: string, query: { ids?: string[]; segment?: SegmentQuery; limit?: number }): Promise<CustomerProfile[]>;
  /** People, buyers, orders and revenue of a segment's members (of everyone without one). */
  peopleStats(workspaceId: string, query: { segment?: SegmentQuery }): Promise<PeopleStats>;
}

export const customerFactsMethods = ['customerTransactions', 'customerProfiles', 'peopleStats'] as const satisfies readonly (keyof CustomerFacts)[];
assertListed<AllListed<CustomerFacts, (typeof customerFactsMethods)[number]>>(true);
