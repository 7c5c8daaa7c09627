import type { ResolvedLink, TrackingLink, TrackingLinkPatch } from '../../records/workspace.js';
import { assertListed, type AllListed } from './port-methods.js';

/**
 * Tracking links. Slugs are unique per installation and a deleted link keeps its
 * slug: `createLink` answers false when the slug is taken by any link, deleted or
 * not, of any workspace (`deleted_at` is for copying a store). `getLink`,
 * `listLinks`, `updateLink` and `deleteLink` see the workspace's links that are not
 * deleted; `resolveLink` finds any stored slug for the redirect. `listLinks` lists in slug order
 * (code units, whatever the engine's collation), optionally one page: the slugs after `after`,
 * at most `limit` of them.
 */
export interface LinkRepo {
  createLink(workspaceId: string, link: TrackingLink & { deleted_at?: string }): Promise<boolean>;
  getLink(workspaceId: string, slug: string): Promise<TrackingLink | undefined>;
  listLinks(workspaceId: string, page?: { after?: string; limit?: number }): Promise<TrackingLink[]>;
  updateLink(workspaceId: string, slug: string, patch: TrackingLinkPatch): Promise<TrackingLink | undefined>;
  deleteLink(workspaceId: string, slug: string): Promise<boolean>;
  resolveLink(slug: string): Promise<ResolvedLink | undefined>;
}

export const linkRepoMethods = ['createLink', 'getLink', 'listLinks', 'updateLink', 'deleteLink', 'resolveLink'] as const satisfies readonly (keyof LinkRepo)[];
assertListed<AllListed<LinkRepo, (typeof linkRepoMethods)[number]>>(true);
