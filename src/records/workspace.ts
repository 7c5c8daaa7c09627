/** A workspace and its tracking links, as stored. */

/** The workspace `roilens start` makes on a new database (the admin token's); its rates table is the installation's (the agency view). */
export const defaultWorkspaceId = 'default';

export interface Workspace {
  id: string;
  name: string;
  /** ISO 4217 base currency every amount is converted to. */
  currency: string;
  timezone: string;
  /** Gross margin applied to revenue for profit and ROI, a decimal string ("1" = revenue is profit). */
  margin: string;
  write_key: string;
  /** Where a disabled or deleted tracking link of this workspace sends its visitors (http or https); unset: the installation's fallback. */
  fallback_url?: string | null;
  /** When the workspace was archived (ISO instant): its write keys refuse events, its data stays readable. */
  archived_at?: string | null;
}

export interface TrackingLink {
  slug: string;
  destination: string;
  channel?: string;
  utm: { source?: string; medium?: string; campaign?: string; content?: string; term?: string };
  /** A disabled link records no click and redirects to its workspace's `fallback_url`. */
  disabled: boolean;
  created_at: string;
  updated_at?: string;
}

/** What `PATCH /v1/links/:slug` may change (`channel: null` removes the channel). */
export type TrackingLinkPatch = Partial<Pick<TrackingLink, 'destination' | 'utm' | 'disabled'>> & { channel?: string | null };

/** A stored link as `/c/:slug` finds it, deleted ones included (their slug stays reserved). */
export interface ResolvedLink {
  workspace_id: string;
  link: TrackingLink;
  deleted: boolean;
}
