/**
 * What the audit log may keep of a value (issue 15: secrets never enter the log). Fields are judged
 * by name: a secret's (`key`, `secret`, `password`, `token`, `code`, `write_key`, `…_secret`,
 * `…_token`, `…_key`) becomes "[redacted]"; a person's (`anonymous_id`, `user_id`, `person`,
 * `email`) becomes a SHA-256 pseudonym, so an erased person's id does not outlive the erasure in
 * the log (whoever knows the id can still find the entry). Strings are judged by what they hold
 * too: a key (`rl_sk_…`, `rl_pub_…`, `rl_shr_…`) or a `code=` / `token=` parameter is cut out wherever it stands.
 */
import { createHash } from 'node:crypto';

const secretName = /^(key|secret|password|token|code|hash|authorization|cookie|otp|totp)$|_(key|secret|password|token|code|hash)$/i;
const personName = /^(anonymous_id|user_id|person|email|email_hash)$/i;
const keyInText = /\brl_(sk|pub|shr)_[A-Za-z0-9_-]+/g;
const secretParam = /([?#&](?:code|token|key|secret)=)[^&#\s]+/gi;

/** The mark a redacted value leaves. */
export const redacted = '[redacted]';

/** A person's id as the log keeps it: `sha256:` and the first 16 hex digits of its SHA-256. */
export function pseudonym(id: string): string {
  return `sha256:${createHash('sha256').update(id).digest('hex').slice(0, 16)}`;
}

function redactText(text: string): string {
  return text.replace(keyInText, (_m, kind: string) => `rl_${kind}_${redacted}`).replace(secretParam, `$1${redacted}`);
}

/**
 * `value` with secrets redacted and persons pseudonymized (see the file comment), deep.
 *
 * @example
 *   redact({ name: 'Shop', write_key: 'rl_pub_x', user_id: 'u1', url: '/s#code=abc' })
 *   // → { name: 'Shop', write_key: '[redacted]', user_id: 'sha256:…', url: '/s#code=[redacted]' }
 */
export function redact(value: unknown): unknown {
  if (typeof value === 'string') return redactText(value);
  if (Array.isArray(value)) return value.map(redact);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => {
    if (v === null || v === undefined) return [k, v];
    if (secretName.test(k)) return [k, redacted];
    if (personName.test(k)) return [k, typeof v === 'string' ? pseudonym(v) : redacted];
    return [k, redact(v)];
  }));
}

/** The most JSON text one side of an entry keeps; a bigger state is recorded by its size. */
const maxStateBytes = 64 * 1024;

/** The JSON text an entry stores for `value` (redacted), or null for undefined and null. */
export function auditState(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  const text = JSON.stringify(redact(value));
  return Buffer.byteLength(text) > maxStateBytes ? JSON.stringify({ truncated: true, bytes: Buffer.byteLength(text) }) : text;
}
