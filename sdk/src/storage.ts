/**
 * First-party key/value storage: a cookie (SameSite=Lax, on the page's own host)
 * mirrored into localStorage, read from the cookie first. If both are blocked the
 * values live in memory for the page's lifetime.
 */
const memory: Record<string, string> = {};
let kept = true;

/**
 * Consent (issue 12 #14): while off, values live in memory only and nothing is read from or
 * written to cookies or localStorage; turning it off deletes the stored copy of every value
 * read or written so far.
 */
export function keep(on: boolean): void {
  if (!on) for (const name in memory) writeValue(name, memory[name], 0);
  kept = on;
}

/** Reads `name`, or undefined when it is not stored anywhere. */
export function readValue(name: string): string | undefined {
  let value: string | null | undefined;
  if (kept) try {
    const match = document.cookie.match('(?:^|; )' + name + '=([^;]*)');
    value = match ? decodeURIComponent(match[1]) : localStorage.getItem(name);
  } catch {
    // cookies or storage disabled: fall through to memory
  }
  // Remembered, so that withdrawn consent can delete it.
  return (memory[name] = value || memory[name]);
}

/** Stores `value` under `name` for `maxAgeSeconds` (0 deletes it). */
export function writeValue(name: string, value: string, maxAgeSeconds: number): void {
  memory[name] = value;
  // Where one throws (a sandboxed frame) so does the other.
  if (kept) try {
    document.cookie =
      name + '=' + encodeURIComponent(value) + '; Max-Age=' + maxAgeSeconds + '; Path=/; SameSite=Lax' +
      (location.protocol == 'https:' ? '; Secure' : '');
    if (maxAgeSeconds) localStorage.setItem(name, value);
    else localStorage.removeItem(name);
  } catch {
    // cookies and storage disabled
  }
}
