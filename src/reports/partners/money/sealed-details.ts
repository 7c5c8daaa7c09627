/**
 * Payout details sealed at rest (issue 16): AES-256-GCM (node:crypto) with the installation's
 * sealing key (`config/sealing-key.ts`), a fresh 96-bit nonce per seal, and the workspace and
 * partner as associated data, so sealed text copied onto another partner does not open. The text
 * is `v1.<nonce>.<tag>.<ciphertext>`, each base64url; the store keeps only that.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { PayoutDetails } from '../../../records/partners.js';
import { AppError } from '../../../shared/errors.js';

const aad = (workspaceId: string, partnerId: string) => Buffer.from(`roilens-payout-details\u0000${workspaceId}\u0000${partnerId}`);

/** The details sealed for one partner of one workspace. */
export function sealPayoutDetails(key: Buffer, workspaceId: string, partnerId: string, details: PayoutDetails): string {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(aad(workspaceId, partnerId));
  const body = Buffer.concat([cipher.update(JSON.stringify(details), 'utf8'), cipher.final()]);
  return ['v1', nonce.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
}

/** The details `sealed` holds; 503 `unavailable` when they do not open with this key (a lost or changed key file). */
export function openPayoutDetails(key: Buffer, workspaceId: string, partnerId: string, sealed: string): PayoutDetails {
  const [version, nonce, tag, body] = sealed.split('.');
  const unopened = () => new AppError('unavailable', `the payout details of partner ${partnerId} do not open with this installation's sealing key (ROILENS_SEALING_KEY or <db>.sealing.key changed?): ask the partner to enter them again`);
  if (version !== 'v1' || !nonce || !tag || body === undefined) throw unopened();
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(nonce, 'base64url'));
    decipher.setAAD(aad(workspaceId, partnerId));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return JSON.parse(Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8')) as PayoutDetails;
  } catch {
    throw unopened();
  }
}

/** The details with account numbers masked, for answers (IBAN and e-mail: the last 4 characters). */
export function maskedPayoutDetails(details: PayoutDetails): PayoutDetails {
  const tail = (s: string | undefined) => (s === undefined ? undefined : `…${s.slice(-4)}`);
  return {
    method: details.method,
    ...(details.paypal_email !== undefined ? { paypal_email: tail(details.paypal_email) } : {}),
    ...(details.iban !== undefined ? { iban: tail(details.iban.replace(/\s+/g, '')) } : {}),
    ...(details.account_name !== undefined ? { account_name: details.account_name } : {}),
    ...(details.bic !== undefined ? { bic: details.bic } : {}),
  };
}
