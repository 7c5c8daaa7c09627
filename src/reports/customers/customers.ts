/**
 * Customer reports, shared by the CLI (`roilens customers …`, `rfm --db`, `cohorts`, `funnel`,
 * `clv … --db`) and the HTTP API under /v1/customers: each is normalize → fetch → compute → format.
 */
import { AppError } from '../../shared/errors.js';
import type { CustomerProfile } from '../../store/customers.js';
import type { Store } from '../../store/store.js';
import type { StoredEvent } from '../../records/events.js';

export * from './customers-rfm.js';
export * from './customers-cohorts.js';
export * from './customers-funnel.js';
export * from './customers-value.js';
export * from './customers-clv.js';

export interface CustomerProfileReport {
  profile: CustomerProfile;
  /** The person's events on every device (their journey), oldest first, at most `limit`. */
  events: StoredEvent[];
}

/** One person's profile and journey; 404 for an unknown id (ids are person ids: the user id, else the anonymous id, else the imported customer id). */
export async function customerProfileReport(store: Store, workspaceId: string, id: string, limit = 500): Promise<CustomerProfileReport> {
  const [profile] = await store.customerProfiles(workspaceId, { ids: [id] });
  if (!profile) throw new AppError('not_found', `no customer ${id}`);
  // One read of the person's events on every device (a scan per device cost a scan of every event each).
  const events = await store.listEvents(workspaceId, { person: { user_id: id, anonymous_ids: profile.anonymous_ids }, last: true, limit });
  return { profile, events };
}
