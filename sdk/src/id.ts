/**
 * A random url-safe id of `length` characters (6 random bits each; 22 chars = 132 bits):
 * 0–9, A–Z, a–z, '-' and '_' for the values 0–63, computed rather than spelled out (the
 * snippet's size budget). `fill` is crypto.getRandomValues, injectable for tests.
 */
export function randomId(
  length = 22,
  fill: (bytes: Uint8Array) => Uint8Array = (bytes) => crypto.getRandomValues(bytes),
): string {
  let id = '';
  for (let byte of fill(new Uint8Array(length))) {
    byte &= 63;
    id += byte < 36 ? byte.toString(36).toUpperCase() : byte < 62 ? (byte - 26).toString(36) : '-_'[byte - 62];
  }
  return id;
}
