/**
 * The fuzzer's table of hostile inputs and its seeded random source. Every value here is one a
 * stranger can send; the server must answer each with a 2xx or a 4xx in the error registry's format.
 */
import { mulberry32 } from '../../../src/shared/random.js';

/** A small seeded generator (mulberry32): the same seed gives the same requests on every run. */
export const seededRandom = mulberry32;

/** A stable 32-bit seed for a name (FNV-1a), so adding an operation does not shift the others' requests. */
export function seedOf(name: string, base: number): number {
  let h = 0x811c9dc5 ^ base;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export const pick = <T>(rnd: () => number, list: readonly T[]): T => list[Math.floor(rnd() * list.length)];

/** Sent percent-encoded as it is written (not encoded again): malformed escapes, encoded NUL, raw bytes. */
export class RawText {
  constructor(readonly text: string) {}
}

const kb10 = 'A'.repeat(10 * 1024);

/** Impossible, extreme and malformed dates (none inside the demo's range), the most extreme first. */
export const hostileDates: readonly string[] = [
  '9999-12-31', '0000-01-01', '2026-02-30', '+275760-09-13', '-000001-01-01', '1969-12-31', '2100-01-01', '2026-02-29', '2025-13-01', '2026-00-10',
  '2026-1-1', '1970-01-01', '2026-01-01T25:00:00Z', '2026-01-01T00:00:00+99:00', '2026-W05', '20260101',
];

/** Hostile text for query, path and body fields. */
export const hostileStrings: readonly string[] = [
  // wrong types and number edge cases
  'abc', 'true', 'null', 'undefined', '{}', '[]', '[1,2]', '{"a":1}', '1e309', '-1', '0', '-0', '1.5', ' 1', '1 ', '0x10', '1_000', '1,5', '+1', '.5', '5.',
  // huge numbers and 31-digit amounts
  '99999999999999999999', '1e308', '9'.repeat(31), `${'9'.repeat(31)}.999999`, `-${'9'.repeat(31)}`, '0.0000000000001', '4294967296', '9007199254740993', '-2147483649',
  'NaN', 'Infinity', '-Infinity', 'nan', 'inf',
  // empty and long
  '', ' ', '\t', '\n', kb10, `${'a'.repeat(300)}`, '-'.repeat(5000),
  // unicode, RTL, NUL, control characters
  '\u202Egnp.exe', 'ユニコード', '😀'.repeat(50), 'a\u0000b', '\u0000', '\u0007\u001b[31m', '\uFEFF', 'ﷺ'.repeat(20), 'مرحبا', 'Z̸̡̢̛̗̘̙̜̝̞̟̠', 'e\u0301', '\r\nX-Injected: 1',
  // SQL, regex, template and path meta characters
  "' OR 1=1 --", "'; DROP TABLE events; --", '" OR ""="', "\\'", 'a\\', '%', '%%', '_', '.*', '^(a+)+$', '(a|aa)+$', '(?<x>', '[', '\\', '(?=a)', '$1',
  '${7*7}', '{{7*7}}', '$(id)', '`id`', '../../etc/passwd', '..', '/', '//', 'http://127.0.0.1:1/', 'javascript:alert(1)', '<script>alert(1)</script>', '=cmd|x!A1',
  // prototype keys
  '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '__defineGetter__',
  ...hostileDates,
  'Mars/Olympus', 'UTC+25', '+99:00', 'Etc/GMT+14', 'America/New_York\u0000', 'EURO', 'eur', 'XXX', '€',
];

/** Hostile text that must reach the server byte for byte (sent without encoding). */
export const rawQueryValues: readonly RawText[] = [
  new RawText('%'), new RawText('%zz'), new RawText('%E0%A4%A'), new RawText('%00'), new RawText('%ED%A0%80'), new RawText('%C0%AF'), new RawText('a%26b%3Dc'), new RawText('x[y]=1'),
];

/** A value nested `depth` objects deep. */
export function deeplyNested(depth: number): unknown {
  let v: unknown = { leaf: 1 };
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
}

/** An object whose own keys are `__proto__` and `constructor` (JSON.parse makes them own keys, as a server's parser does). */
export const pollutingObject = (): Record<string, unknown> => JSON.parse('{"__proto__":{"polluted":"fuzz"},"constructor":{"prototype":{"polluted":"fuzz"}},"x":1}');

/** Hostile JSON values for body fields: wrong types, extremes, arrays where scalars go, deep nesting. */
export function hostileJsonValues(): unknown[] {
  return [
    null, true, false, 0, -1, 1.5, -0.000001, 1e308, -1e308, 2 ** 53 + 1, 1e21, 123456789012345678901234567890,
    [], ['a', 'b'], [1, [2, [3]]], [null], {}, { a: { b: {} } }, { value: 1 }, pollutingObject(), deeplyNested(40), deeplyNested(1500),
    Array.from({ length: 2000 }, (_, i) => i),
    Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`k${i}`, i])),
  ];
}

/** Whole bodies that are not what any route reads. */
export function hostileRawBodies(): { contentType?: string; text: string }[] {
  return [
    { contentType: 'application/json', text: '' },
    { contentType: 'application/json', text: '{' },
    { contentType: 'application/json', text: '{"a":NaN,"b":Infinity}' },
    { contentType: 'application/json', text: 'null' },
    { contentType: 'application/json', text: '"just a string"' },
    { contentType: 'application/json', text: '12' },
    { contentType: 'application/json', text: '[]' },
    { contentType: 'application/json', text: '[{"a":1}]' },
    { contentType: 'application/json', text: `${'['.repeat(5000)}${']'.repeat(5000)}` },
    { contentType: 'application/json', text: `${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}` },
    { contentType: 'application/json', text: '{"__proto__":{"polluted":"fuzz"},"constructor":{"prototype":{"polluted":"fuzz"}}}' },
    { contentType: 'application/json', text: '\uFEFF{}' },
    { contentType: 'application/json', text: JSON.stringify({ s: 'x'.repeat(70 * 1024) }) },
    { contentType: 'application/json', text: '{"a":1,"a":2}' },
    { contentType: 'application/json; charset=utf-16', text: '{}' },
    { contentType: 'text/plain', text: 'not json' },
    { contentType: 'text/plain', text: '{"events":[]}' },
    { contentType: 'application/x-www-form-urlencoded', text: 'a=1&a=2&__proto__[x]=1' },
    { contentType: 'text/csv', text: 'a,b\n1,2\n"unterminated' },
    { contentType: 'application/x-ndjson', text: '{"a":1}\n{bad\n' },
    { contentType: 'multipart/form-data; boundary=x', text: '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--' },
    { contentType: 'application/xml', text: '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>' },
    { text: '{}' },
  ];
}
