import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signAssignment, sourceBucket, verifyAssignment, type AssignmentClaims } from './assignment-token.js';

const secret = 'k'.repeat(43);
const claims: AssignmentClaims = { workspace: 'ws1', experiment: 'hero', hash_version: 2, unit: 'a_1', variant: 'B', index: 1, source: 'src1', issued_at: 1_767_225_600 };

describe('assignment tokens', () => {
  it('round-trips the claims', () => {
    expect(verifyAssignment(secret, signAssignment(secret, claims))).toEqual(claims);
  });

  it('signature is HMAC-SHA256 over the domain-separated payload (recomputed by hand)', () => {
    const token = signAssignment(secret, claims);
    const [payload, sig] = token.split('.');
    expect(JSON.parse(Buffer.from(payload, 'base64url').toString())).toEqual(['ws1', 'hero', 2, 'a_1', 'B', 1, 'src1', 1_767_225_600]);
    expect(sig).toBe(createHmac('sha256', secret).update(`rl-xp1.${payload}`).digest('base64url'));
  });

  it('refuses another secret, an edited payload, a cut signature and junk', () => {
    const token = signAssignment(secret, claims);
    expect(verifyAssignment('other', token)).toBeNull();
    const forged = Buffer.from(JSON.stringify(['ws1', 'hero', 2, 'a_1', 'A', 0, 'src1', 1_767_225_600])).toString('base64url');
    expect(verifyAssignment(secret, `${forged}.${token.split('.')[1]}`)).toBeNull();
    expect(verifyAssignment(secret, token.slice(0, -2))).toBeNull();
    for (const junk of [undefined, 42, '', '.', 'a.b.c', `${token}.x`, 'x'.repeat(5000)]) expect(verifyAssignment(secret, junk)).toBeNull();
  });

  it('a well-signed payload of the wrong shape is refused', () => {
    const payload = Buffer.from(JSON.stringify({ variant: 'B' })).toString('base64url');
    expect(verifyAssignment(secret, `${payload}.${createHmac('sha256', secret).update(`rl-xp1.${payload}`).digest('base64url')}`)).toBeNull();
  });

  it('source buckets: one per IPv4 /24 and IPv6 /48, keyed by the secret', () => {
    expect(sourceBucket(secret, '203.0.113.7')).toBe(sourceBucket(secret, '203.0.113.250'));
    expect(sourceBucket(secret, '::ffff:203.0.113.9')).toBe(sourceBucket(secret, '203.0.113.7'));
    expect(sourceBucket(secret, '203.0.114.7')).not.toBe(sourceBucket(secret, '203.0.113.7'));
    expect(sourceBucket(secret, '2001:db8:1::5')).toBe(sourceBucket(secret, '2001:0db8:0001:ffff::9'));
    expect(sourceBucket(secret, '2001:db8:2::5')).not.toBe(sourceBucket(secret, '2001:db8:1::5'));
    expect(sourceBucket('other', '203.0.113.7')).not.toBe(sourceBucket(secret, '203.0.113.7'));
    expect(sourceBucket(secret, '203.0.113.7')).toMatch(/^[\w-]{12}$/);
  });
});
