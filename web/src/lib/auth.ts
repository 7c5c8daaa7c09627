/**
 * The admin token: taken once from `?token=` (the URL the server prints),
 * kept in localStorage `rl_token`, and stripped from the address bar so it
 * does not linger in history or screenshots.
 */

const KEY = 'rl_token';

/** Moves `?token=` from the URL into storage; returns the token in use, if any. */
export function captureToken(): string | null {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    localStorage.setItem(KEY, fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash);
  }
  return readToken();
}

/** The stored admin token, or null. */
export function readToken(): string | null {
  return localStorage.getItem(KEY);
}

/** Stores a token typed into the sign-in form. */
export function saveToken(token: string): void {
  localStorage.setItem(KEY, token.trim());
}

/** Forgets the token (after a 401 or on sign-out). */
export function clearToken(): void {
  localStorage.removeItem(KEY);
}
