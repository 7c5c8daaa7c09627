const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_';

/**
 * A random url-safe id of `length` characters (6 random bits each; 22 chars = 132 bits).
 * `fill` is crypto.getRandomValues, injectable for tests.
 */
export function randomId(
  length = 22,
  fill: (bytes: Uint8Array) => Uint8Array = (bytes) => crypto.getRandomValues(bytes),
): string {
  let id = '';
  for (const byte of fill(new Uint8Array(length))) id += ALPHABET[byte & 63];
  return id;
}
