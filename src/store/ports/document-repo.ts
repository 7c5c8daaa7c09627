import { assertListed, type AllListed } from './port-methods.js';

/** Metadata documents (experiments, segments, goals, …): JSON by collection and id. */
export interface DocumentRepo {
  putDocument(workspaceId: string, collection: string, id: string, body: unknown): Promise<void>;
  getDocument<T>(workspaceId: string, collection: string, id: string): Promise<T | undefined>;
  listDocuments<T>(workspaceId: string, collection: string): Promise<T[]>;
  deleteDocument(workspaceId: string, collection: string, id: string): Promise<boolean>;
  /** The workspaces that hold a document `id` of `collection` (a postback names its source, not its workspace). */
  documentWorkspaces(collection: string, id: string): Promise<string[]>;
}

export const documentRepoMethods = ['putDocument', 'getDocument', 'listDocuments', 'deleteDocument', 'documentWorkspaces'] as const satisfies readonly (keyof DocumentRepo)[];
assertListed<AllListed<DocumentRepo, (typeof documentRepoMethods)[number]>>(true);
