/**
 * The workspace the dashboard acts in (issue 15): chosen in the header's switcher, remembered in
 * localStorage, and sent as `X-Roilens-Workspace` on every API call (`api.ts`). None chosen: the
 * server's default (the session's own workspace).
 */

const STORAGE_KEY = 'roilens.workspace';

/** Fired on window after the switcher chose another workspace, so the shell reads everything again. */
export const WORKSPACE_SWITCHED_EVENT = 'roilens:workspace-switched';

/** The chosen workspace's id, or null for the server's default. */
export function chosenWorkspace(): string | null {
  try {
    return window.localStorage.getItem(STORAGE_KEY);
  } catch {
    return null; // storage refused (private mode): no choice is remembered
  }
}

/** Chooses a workspace (null: back to the server's default), remembers it and tells the shell. */
export function chooseWorkspace(id: string | null): void {
  try {
    if (id === null) window.localStorage.removeItem(STORAGE_KEY);
    else window.localStorage.setItem(STORAGE_KEY, id);
  } catch {
    // not remembered across reloads; this page still switches
  }
  window.dispatchEvent(new Event(WORKSPACE_SWITCHED_EVENT));
}

/** The header every API call carries: `X-Roilens-Workspace` when a workspace is chosen. */
export function workspaceHeaders(): Record<string, string> {
  const id = chosenWorkspace();
  return id ? { 'X-Roilens-Workspace': id } : {};
}

/**
 * Remembers the workspace the server chose when none was (without reading anything anew), so writes
 * carry `X-Roilens-Workspace`: the server refuses a person's cookie write without it when they
 * belong to more than one workspace.
 */
export function rememberShownWorkspace(id: string): void {
  if (chosenWorkspace() !== null) return;
  try {
    window.localStorage.setItem(STORAGE_KEY, id);
  } catch {
    // storage refused: such a person's writes name no workspace and the server says so
  }
}
