import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { installSealingKey, sealingKey, sealingKeyFromEnv, sealingKeyPath } from '../../../config/sealing-key.js';
import { maskedPayoutDetails, openPayoutDetails, sealPayoutDetails } from './sealed-details.js';

const key = Buffer.alloc(32, 7);
const details = { method: 'bank' as const, iban: 'IR062960000000100324200001', account_name: 'Sara Ahmadi' };

describe('sealed payout details (AES-256-GCM)', () => {
  it('open what was sealed; the text holds no part of the details', () => {
    const sealed = sealPayoutDetails(key, 'ws', 'prt_1', details);
    expect(sealed).toMatch(/^v1\.[\w-]{16}\.[\w-]{22}\.[\w-]+$/);
    expect(sealed).not.toContain('IR06');
    expect(sealed).not.toContain('Sara');
    expect(openPayoutDetails(key, 'ws', 'prt_1', sealed)).toEqual(details);
    // A fresh nonce each time: the same details seal to different texts.
    expect(sealPayoutDetails(key, 'ws', 'prt_1', details)).not.toBe(sealed);
  });

  it('refuses another partner, another workspace, another key and a changed byte', () => {
    const sealed = sealPayoutDetails(key, 'ws', 'prt_1', details);
    expect(() => openPayoutDetails(key, 'ws', 'prt_2', sealed)).toThrow(/do not open/);
    expect(() => openPayoutDetails(key, 'ws2', 'prt_1', sealed)).toThrow(/do not open/);
    expect(() => openPayoutDetails(Buffer.alloc(32, 8), 'ws', 'prt_1', sealed)).toThrow(/do not open/);
    const parts = sealed.split('.');
    const body = Buffer.from(parts[3], 'base64url');
    body[0] ^= 1;
    expect(() => openPayoutDetails(key, 'ws', 'prt_1', [...parts.slice(0, 3), body.toString('base64url')].join('.'))).toThrow(/do not open/);
  });

  it('masks all but the last 4 characters of the IBAN and PayPal e-mail', () => {
    expect(maskedPayoutDetails(details)).toEqual({ method: 'bank', iban: '…0001', account_name: 'Sara Ahmadi' });
    expect(maskedPayoutDetails({ method: 'paypal', paypal_email: 'sara@example.com' })).toEqual({ method: 'paypal', paypal_email: '….com' });
  });
});

describe('the sealing key', () => {
  it('ROILENS_SEALING_KEY as 64 hex digits or base64 of 32 bytes; anything else names it', () => {
    expect(sealingKeyFromEnv({ ROILENS_SEALING_KEY: '07'.repeat(32) })).toEqual(key);
    expect(sealingKeyFromEnv({ ROILENS_SEALING_KEY: key.toString('base64') })).toEqual(key);
    expect(sealingKeyFromEnv({})).toBeUndefined();
    expect(() => sealingKeyFromEnv({ ROILENS_SEALING_KEY: 'short' })).toThrow(/ROILENS_SEALING_KEY/);
  });

  it('without it, a key file beside the database made once with mode 0600', () => {
    const db = join(mkdtempSync(join(tmpdir(), 'roilens-seal-')), 'x.duckdb');
    installSealingKey(db);
    const first = sealingKey({});
    expect(statSync(sealingKeyPath(db)).mode & 0o777).toBe(0o600);
    expect(readFileSync(sealingKeyPath(db), 'utf8').trim()).toBe(first.toString('hex'));
    installSealingKey(':memory:');
    installSealingKey(db);
    expect(sealingKey({})).toEqual(first);
  });
});
