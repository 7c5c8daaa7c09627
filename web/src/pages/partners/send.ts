import { ApiError, apiSend } from '../../lib/api';

/** The server's words for a refused write (they name the field), or the failure as text. */
export const failureText = (failure: unknown) => (failure instanceof ApiError ? failure.message : String(failure));

/** Sends a write and reports its outcome: the answer, or the server's refusal as text. */
export async function send<T>(url: string, body: unknown, method = 'POST'): Promise<{ ok: true; data: T } | { ok: false; error: string }> {
  try {
    return { ok: true, data: await apiSend<T>(url, body, method) };
  } catch (failure) {
    return { ok: false, error: failureText(failure) };
  }
}

/** "a, b ,c" → ["a", "b", "c"]. */
export const listOf = (text: string) => text.split(',').map((item) => item.trim()).filter(Boolean);
