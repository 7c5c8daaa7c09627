/**
 * The one place a value becomes ClickHouse SQL text. ClickHouse 18.16 has no
 * server-side query parameters, so every value a query carries (workspace ids,
 * dates, segment values, id lists) goes through `chValue`; nothing else
 * interpolates values. Identifiers (database and cluster names from the
 * configuration) are checked by `chIdentifier`, never escaped.
 */
import { internalError, invalidArgument } from '../../shared/errors.js';

export type ChScalar = string | number | boolean | null;

/**
 * A literal for `value`: strings quoted with every quote, backslash and control
 * byte escaped (`\xHH`), finite numbers as written, booleans as 1/0, null as
 * NULL, arrays as `[…]` of literals.
 *
 * @example chValue("it's") // "'it\\'s'"
 */
export function chValue(value: ChScalar | readonly ChScalar[]): string {
  if (Array.isArray(value)) return `[${value.map((v) => chValue(v as ChScalar)).join(', ')}]`;
  if (value === null) return 'NULL';
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw internalError(`not a finite number: ${value}`);
    return String(value);
  }
  let out = "'";
  for (const ch of value as string) {
    const code = ch.codePointAt(0)!;
    if (ch === "'" || ch === '\\') out += `\\${ch}`;
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}'`;
}

/** A database, table or cluster name from the configuration: plain names only. */
export function chIdentifier(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(name)) throw invalidArgument('(identifier)', `not a plain ClickHouse identifier: ${name}`);
  return name;
}

/** A decimal amount as a Decimal128 literal of the given scale (the string is validated, then escaped). */
export function chDecimal(amount: string, scale: number): string {
  if (!/^-?\d{1,32}(\.\d{1,18})?$/.test(amount)) throw internalError(`not a decimal amount: ${amount}`);
  return `toDecimal128(${chValue(amount)}, ${scale})`;
}
