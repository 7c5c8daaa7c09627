/**
 * Signing in with an e-mail and password (issue 15), and the links that set a password: `#invite=CODE`
 * (an invitation, 7 days) and `#reset=CODE` (a password reset, 1 hour). The code is taken from the
 * address once and removed from it; `POST /v1/invitations/accept` spends it, sets the password and
 * opens the session cookie.
 */

/** Why a sign-in was refused, as the form shows it. */
export type SignInRefusal =
  | { kind: 'credentials' }
  | { kind: 'totp-needed' }
  | { kind: 'totp-wrong' }
  | { kind: 'link' }
  | { kind: 'email-first' }
  | { kind: 'wait'; seconds: number }
  | { kind: 'other'; message: string };

export type PasswordLink = { purpose: 'invite' | 'reset'; code: string };

/** Takes `#invite=CODE` or `#reset=CODE` out of the address; the link, if there was one. */
export function takePasswordLink(): PasswordLink | null {
  const match = /^#(invite|reset)=([^&]*)$/.exec(window.location.hash);
  if (!match) return null;
  window.history.replaceState(window.history.state, '', window.location.pathname + window.location.search);
  const code = decodeURIComponent(match[2]).trim();
  return code ? { purpose: match[1] as PasswordLink['purpose'], code } : null;
}

/** Reads a refused answer of the session routes into what the form says. */
export async function refusalOf(response: Response): Promise<SignInRefusal> {
  const body = (await response.json().catch(() => null)) as { message?: unknown; issues?: Array<{ path?: unknown; message?: unknown }> } | null;
  const message = typeof body?.message === 'string' ? body.message : `HTTP ${response.status}`;
  if (response.status === 429) {
    const seconds = Number(response.headers.get('retry-after'));
    return { kind: 'wait', seconds: Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds) : 60 };
  }
  if (response.status === 401) {
    const paths = (body?.issues ?? []).map((issue) => issue.path);
    if (paths.includes('totp')) return message.includes('second factor') ? { kind: 'totp-needed' } : { kind: 'totp-wrong' };
    if (paths.includes('code')) return { kind: 'link' };
    return { kind: 'credentials' };
  }
  return { kind: 'other', message };
}

async function post(url: string, body: unknown, method = 'POST'): Promise<SignInRefusal | null> {
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? { Accept: 'application/json' } : { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    return { kind: 'other', message: error instanceof Error ? error.message : String(error) };
  }
  return response.ok ? null : refusalOf(response);
}

/** Signs in with an e-mail and password (and the TOTP code when asked): null when signed in, else why not. */
export function signInWithPassword(email: string, password: string, totp?: string): Promise<SignInRefusal | null> {
  return post('/v1/session', { email: email.trim(), password, ...(totp ? { totp: totp.replace(/\s/g, '') } : {}) });
}

/** Spends an invitation or reset code with the chosen password (which signs in): null when done. */
export function acceptPasswordLink(code: string, password: string): Promise<SignInRefusal | null> {
  return post('/v1/invitations/accept', { code, password });
}

/** Asks the server to e-mail a reset link (it answers 202 whether or not the e-mail has an account). */
export function requestPasswordReset(email: string): Promise<SignInRefusal | null> {
  return post('/v1/password-reset', { email: email.trim() });
}

/** Ends every session of the signed-in person, on every device. */
export async function signOutEverywhere(): Promise<void> {
  await post('/v1/sessions', undefined, 'DELETE');
}
