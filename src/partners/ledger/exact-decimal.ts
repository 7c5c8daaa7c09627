/**
 * Exact decimals for the commission hot path, without big.js objects: a value is an integer count
 * of 10^-scale ("12.34" is 1234 at scale 2), held as a JS number while it is a safe integer and as
 * a BigInt beyond (a number iff it fits, so equal values have the same type). Products, sums and
 * roundings are exact; the roundings are big.js's (half-even, half-up, down: on the magnitude), so
 * the strings written are the ones big.js writes.
 */
import Big from 'big.js';

/** An integer: a number when |value| ≤ 2^53 − 1, else a bigint. */
export type Units = number | bigint;

/** `units` × 10^-`scale`. */
export interface Decimal {
  units: Units;
  scale: number;
}

const maxSafe = Number.MAX_SAFE_INTEGER;
const maxSafeBig = BigInt(maxSafe);

/** `x` as Units: a number when it is safe. */
function fromBig(x: bigint): Units {
  return x <= maxSafeBig && x >= -maxSafeBig ? Number(x) : x;
}

const big = (x: Units): bigint => (typeof x === 'bigint' ? x : BigInt(x));

const powers: Units[] = [];
/** 10^n (n ≥ 0). */
export function pow10(n: number): Units {
  let p = powers[n];
  if (p === undefined) powers[n] = p = fromBig(10n ** BigInt(n));
  return p;
}

export function mul(a: Units, b: Units): Units {
  if (typeof a === 'number' && typeof b === 'number') {
    const p = a * b;
    // A product past 2^53 is at least 2^53 in floating point too, so this bound is exact.
    if (p <= maxSafe && p >= -maxSafe) return p === 0 ? 0 : p;
  }
  return fromBig(big(a) * big(b));
}

export function add(a: Units, b: Units): Units {
  if (typeof a === 'number' && typeof b === 'number') {
    const s = a + b;
    if (s <= maxSafe && s >= -maxSafe) return s;
  }
  return fromBig(big(a) + big(b));
}

export function negate(a: Units): Units {
  return a === 0 ? 0 : typeof a === 'number' ? -a : fromBig(-a);
}

/** `a` at scale `from` written at the larger scale `to`. */
export function rescale(a: Units, from: number, to: number): Units {
  return to === from ? a : mul(a, pow10(to - from));
}

export type Rounding = 'half-even' | 'half-up' | 'down';

/** `a` at scale `from` rounded to scale `to` (big.js's rounding of the magnitude; `from` ≤ `to` is exact). */
export function roundTo(a: Units, from: number, to: number, mode: Rounding): Units {
  if (from <= to) return rescale(a, from, to);
  const d = pow10(from - to);
  if (typeof a === 'number' && typeof d === 'number') {
    // `%` is exact on doubles; a − r is a multiple of d, so the division is exact too.
    const r = a % d;
    const q = (a - r) / d;
    if (r === 0 || mode === 'down') return q === 0 ? 0 : q;
    const twice = 2 * Math.abs(r);
    const up = twice > d || (twice === d && (mode === 'half-up' || q % 2 !== 0));
    return up ? (a < 0 ? q - 1 : q + 1) : q === 0 ? 0 : q;
  }
  const x = big(a);
  const bd = big(d);
  const q = x / bd;
  const r = x % bd;
  if (r === 0n || mode === 'down') return fromBig(q);
  const twice = 2n * (r < 0n ? -r : r);
  const up = twice > bd || (twice === bd && (mode === 'half-up' || q % 2n !== 0n));
  return fromBig(up ? (x < 0n ? q - 1n : q + 1n) : q);
}

/** The product of two decimals. */
export function times(a: Decimal, b: Decimal): Decimal {
  return { units: mul(a.units, b.units), scale: a.scale + b.scale };
}

/** `a` − `b` at the larger of their scales. */
export function minus(a: Decimal, b: Decimal): Decimal {
  const scale = Math.max(a.scale, b.scale);
  return { units: add(rescale(a.units, a.scale, scale), negate(rescale(b.units, b.scale, scale))), scale };
}

/** −1, 0 or 1 as `a` is below, at or above `b`. */
export function compare(a: Decimal, b: Decimal): number {
  const scale = Math.max(a.scale, b.scale);
  const x = rescale(a.units, a.scale, scale);
  const y = rescale(b.units, b.scale, scale);
  return x < y ? -1 : x > y ? 1 : 0;
}

const plain = /^(-?)(\d+)(?:\.(\d+))?$/;

/** A decimal string ("12.50", "-3", "007.1"; anything else big.js reads, such as "1e3") as a Decimal. */
export function parseDecimal(text: string): Decimal {
  const m = plain.exec(text) ?? plain.exec(new Big(text).toFixed())!;
  const fraction = m[3] ?? '';
  const digits = fraction === '' ? m[2] : m[2] + fraction;
  const units: Units = digits.length <= 15 ? Number(digits) : fromBig(BigInt(digits));
  return { units: m[1] === '-' ? negate(units) : units, scale: fraction.length };
}

/** `units` at scale `digits` written with exactly that many digits after the point ("12.50", "-3", "0.05"), as big.js's toFixed(digits). */
export function fixed(units: Units, digits: number): string {
  const negative = units < 0;
  let text = String(negative ? negate(units) : units);
  if (digits > 0) {
    if (text.length <= digits) text = '0'.repeat(digits + 1 - text.length) + text;
    text = `${text.slice(0, text.length - digits)}.${text.slice(text.length - digits)}`;
  }
  return negative ? `-${text}` : text;
}

/** `value` written as big.js's toFixed() writes it: no trailing zeros after the point, no point when whole, no leading zeros ("007.50" → "7.5"). */
export function canonical(value: Decimal): string {
  let text = fixed(value.units, value.scale);
  if (value.scale > 0) {
    let end = text.length;
    while (text.charCodeAt(end - 1) === 48) end--;
    if (text.charCodeAt(end - 1) === 46) end--;
    text = text.slice(0, end);
  }
  return text;
}
