import { describe, expect, it } from 'vitest';
import { murmur3_32 } from './murmur3.js';

const bytes = (hex: string) => Uint8Array.from(hex.match(/../g) ?? [], (x) => parseInt(x, 16));

describe('murmur3_32 (MurmurHash3_x86_32)', () => {
  // Published verification vectors of the SMHasher reference MurmurHash3_x86_32
  // (the table circulated with Appleby's code; every tail length 0–3 and the seed path).
  it.each([
    ['', 0, 0],
    ['', 1, 0x514e28b7],
    ['', 0xffffffff, 0x81f16f39],
    ['ffffffff', 0, 0x76293b50],
    ['21436587', 0, 0xf55b516b],
    ['21436587', 0x5082edee, 0x2362f9de],
    ['214365', 0, 0x7e4a8634],
    ['2143', 0, 0xa0f7b07a],
    ['21', 0, 0x72661cf4],
    ['00000000', 0, 0x2362f9de],
    ['000000', 0, 0x85f0b427],
    ['0000', 0, 0x30f4c306],
    ['00', 0, 0x514e28b7],
  ])('bytes %s, seed %d', (hex, seed, expected) => {
    expect(murmur3_32(bytes(hex), seed)).toBe(expected);
  });

  it.each([
    ['Hello, world!', 1234, 0xfaf6cdb3],
    ['The quick brown fox jumps over the lazy dog', 0, 0x2e4ff723],
    ['aaaa', 0x9747b28c, 0x5a97808a],
    ['abc', 0, 0xb3dd93fa],
    ['abcd', 0x9747b28c, 0xf0478627],
    ['Hello, world!', 0x9747b28c, 0x24884cba],
    ['ππππππππ', 0x9747b28c, 0xd58063c1], // UTF-8: two bytes per character
  ])('string %j, seed %d', (text, seed, expected) => {
    expect(murmur3_32(text, seed)).toBe(expected);
  });
});
