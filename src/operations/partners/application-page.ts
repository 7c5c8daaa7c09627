/**
 * Which workspace a public application page belongs to. A visitor names only the programme
 * (`/v1/programs/:id/apply`), never a workspace, so a programme that takes applications keeps a
 * document `program_pages/<id>` in its workspace: the store finds the workspace by it without
 * reading every workspace (as a postback finds its source's). A programme that stops taking
 * applications drops the document, and its page answers 404 like one that never existed.
 */
import type { Program } from '../../records/partners.js';
import type { Store } from '../../store/store.js';

const collection = 'program_pages';

/** Keeps the page's document in step with the programme's `accepts_applications`. */
export async function syncApplicationPage(store: Store, program: Program): Promise<void> {
  if (program.accepts_applications) await store.putDocument(program.workspace_id, collection, program.id, { program_id: program.id });
  else await store.deleteDocument(program.workspace_id, collection, program.id);
}

/** The programme `id` with an open application page, in a workspace that is not archived; undefined otherwise. */
export async function programWithPage(store: Store, id: string): Promise<Program | undefined> {
  for (const workspaceId of await store.documentWorkspaces(collection, id)) {
    const workspace = await store.getWorkspace(workspaceId);
    if (!workspace || workspace.archived_at) continue;
    const program = await store.getProgram(workspaceId, id);
    if (program?.accepts_applications) return program;
  }
  return undefined;
}
