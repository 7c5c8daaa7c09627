import { createHash, createHmac } from 'node:crypto';

/**
 * Pseudonyms of e-mail addresses and phone numbers (issue 12 #14). roilens never stores either
 * in clear: it stores `HMAC-SHA256(workspace salt, SHA-256(normalised value))` as lower-case
 * hex. The inner SHA-256 is what CRMs and ad platforms exchange ("hashed e-mail"), so a CRM
 * file that already carries `sha256(lower(trim(email)))` gets the same pseudonym as the address
 * itself and still joins the person; the outer HMAC with a per-workspace secret keeps the
 * stored value from being reversed by hashing a list of known addresses.
 *
 * @example pseudonymOf(salt, 'email', ' Ana@Example.com ') === pseudonymOf(salt, 'email', sha256Hex('ana@example.com'))
 */
export type IdentifierKind = 'email' | 'phone';

const sha256Pattern = /^[0-9a-f]{64}$/i;

/** True for a 64-hex-digit string: a value already hashed with SHA-256 (a CRM's "hashed e-mail"). */
export function isSha256Hex(value: string): boolean {
  return sha256Pattern.test(value.trim());
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** An e-mail address as hashed: trimmed and lower-cased (the rule CRMs and ad platforms use). */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * A phone number as hashed. roilens has no phone-number library, so this is digits-only
 * normalisation, not E.164 validation: separators go, a leading `00` becomes `+`, and a number
 * written with `+` keeps it (`+49 (30) 1234-5678` → `+493012345678`). A national number without
 * a country code stays as its digits: send E.164 (`+<country><number>`) to join across sources.
 */
export function normalizePhone(phone: string): string {
  const trimmed = phone.trim();
  const digits = trimmed.replace(/\D/g, '');
  if (trimmed.startsWith('+')) return `+${digits}`;
  if (digits.startsWith('00')) return `+${digits.slice(2)}`;
  return digits;
}

const normalizers: Record<IdentifierKind, (v: string) => string> = { email: normalizeEmail, phone: normalizePhone };

/**
 * The stored pseudonym of an e-mail or phone: HMAC-SHA256 keyed with the workspace salt over the
 * lower-case hex SHA-256 of the normalised value; a value that already is a 64-hex SHA-256 is
 * keyed directly.
 */
export function pseudonymOf(salt: string, kind: IdentifierKind, value: string): string {
  const inner = isSha256Hex(value) ? value.trim().toLowerCase() : sha256Hex(normalizers[kind](value));
  return createHmac('sha256', salt).update(inner).digest('hex');
}
