import { describe, expect, it } from 'vitest';
import { isDisposableEmail } from '../shared/disposable-domains.js';
import { normalizePhone, pseudonymOf } from './pseudonym.js';
import { pseudonymizeEvent, pseudonymizeLead } from './pseudonymize.js';

// References computed with Python's hashlib/hmac (an independent implementation):
//   inner = hashlib.sha256(b'ana@example.com').hexdigest()
//   hmac.new(b'0123456789abcdef', inner.encode(), hashlib.sha256).hexdigest()
const salt = '0123456789abcdef';
const anaSha = '8e43ca37701228e74983efdbd0cff5c16b3b1e5d4e29a7c05626d4d25a018e11';
const anaPseudonym = '38776eca909560c739de71d103768d452a1e24e32c1b001e58d297f63cecab66';
const phonePseudonym = '7af44ed5a65d9f5f1b4bcb276e6ef4376981e5b6fe9bdc19b62e657f7de1af9d'; // of "+493012345678"

describe('pseudonyms (issue 12 #14)', () => {
  it('is HMAC(salt, SHA-256(trimmed, lower-cased address)); a CRM SHA-256 (any case) gives the same', () => {
    expect(pseudonymOf(salt, 'email', ' Ana@Example.com ')).toBe(anaPseudonym);
    expect(pseudonymOf(salt, 'email', anaSha)).toBe(anaPseudonym);
    expect(pseudonymOf(salt, 'email', anaSha.toUpperCase())).toBe(anaPseudonym);
    expect(pseudonymOf('another-salt', 'email', 'ana@example.com')).not.toBe(anaPseudonym);
  });

  it('normalises phones to digits, keeping an international prefix', () => {
    for (const written of ['+49 (30) 1234-5678', '0049 30 12345678', '+49.30.1234.5678']) {
      expect(normalizePhone(written)).toBe('+493012345678');
      expect(pseudonymOf(salt, 'phone', written)).toBe(phonePseudonym);
    }
    expect(normalizePhone('030 1234')).toBe('0301234');
  });

  it('flags disposable domains from the maintained list (subdomains of wildcard entries too)', () => {
    expect(isDisposableEmail('x@mailinator.com')).toBe(true);
    expect(isDisposableEmail('x@MAILINATOR.COM')).toBe(true);
    expect(isDisposableEmail('x@gmail.com')).toBe(false);
    expect(isDisposableEmail('not-an-address')).toBe(false);
  });

  it('replaces named, nested and e-mail-shaped properties, the e-mail user id and addresses in URLs', () => {
    const out = pseudonymizeEvent(salt, {
      id: 'e1', type: 'custom', name: 'identify', ts: '2026-01-01T00:00:00.000Z', anonymous_id: 'd1', user_id: 'Ana@Example.com',
      url: 'https://x.example/?e=ana%40example.com&f=a.b@c.de',
      properties: { email: 'ana@example.com', Phone: '+49 30 1234 5678', plan: 'pro', contact: { email_hash: anaSha, backup: 'b@example.org' }, cc: ['ana@example.com'] },
    });
    expect(out.user_id).toBe(anaPseudonym);
    expect(out.url).toBe('https://x.example/?e=[email]&f=[email]');
    expect(out.properties).toEqual({
      email_hash: anaPseudonym, email_disposable: false, phone_hash: phonePseudonym, plan: 'pro',
      contact: { email_hash: anaPseudonym, backup: pseudonymOf(salt, 'email', 'b@example.org') }, cc: [anaPseudonym],
    });
    const plain = { id: 'e2', type: 'page_view' as const, ts: '2026-01-01T00:00:00.000Z', anonymous_id: 'd1', properties: { plan: 'pro' } };
    expect(pseudonymizeEvent(salt, plain)).toBe(plain);
  });

  it('hashes a lead imported with a CRM SHA-256 to the same pseudonym as the address', () => {
    expect(pseudonymizeLead(salt, { lead_id: 'l1', created_at: '2026-01-01T00:00:00.000Z', email_hash: anaSha }).email_hash).toBe(anaPseudonym);
  });
});
