/**
 * First-party key/value storage: a cookie (SameSite=Lax, on the page's own host)
 * mirrored into localStorage, read from the cookie first. If both are blocked the
 * values live in memory for the page's lifetime.
 */
const memory: Record<string, string> = {};

/** Reads `name`, or undefined when it is not stored anywhere. */
export function readValue(name: string): string | undefined {
  let value: string | null | undefined;
  try {
    const match = document.cookie.match('(?:^|; )' + name + '=([^;]*)');
    value = match ? decodeURIComponent(match[1]) : localStorage.getItem(name);
  } catch {
    // cookies or storage disabled: fall through to memory
  }
  return value || memory[name];
}

/** Stores `value` under `name` for `maxAgeSeconds` (0 deletes it). */
export function writeValue(name: string, value: string, maxAgeSeconds: number): void {
  memory[name] = value;
  try {
    document.cookie =
      name + '=' + encodeURIComponent(value) + '; Max-Age=' + maxAgeSeconds + '; Path=/; SameSite=Lax' +
      (location.protocol == 'https:' ? '; Secure' : '');
  } catch {
    // cookies disabled
  }
  try {
    if (maxAgeSeconds) localStorage.setItem(name, value);
    else localStorage.removeItem(name);
  } catch {
    // storage disabled
  }
}
