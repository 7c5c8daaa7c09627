import type { Workspace } from '../../records/workspace.js';
import { assertListed, type AllListed } from './port-methods.js';

/** Workspaces (metadata). */
export interface WorkspaceRepo {
  ensureWorkspace(ws: Workspace): Promise<Workspace>;
  getWorkspace(id: string): Promise<Workspace | undefined>;
  findWorkspaceByWriteKey(key: string): Promise<Workspace | undefined>;
  updateWorkspace(id: string, patch: Partial<Omit<Workspace, 'id'>>): Promise<void>;
  /** Every workspace of the installation, archived ones included, by id. */
  listWorkspaces(): Promise<Workspace[]>;
}

export const workspaceRepoMethods = ['ensureWorkspace', 'getWorkspace', 'findWorkspaceByWriteKey', 'updateWorkspace', 'listWorkspaces'] as const satisfies readonly (keyof WorkspaceRepo)[];
assertListed<AllListed<WorkspaceRepo, (typeof workspaceRepoMethods)[number]>>(true);
