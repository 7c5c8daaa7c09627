/**
 * A partner's payout details change only once confirmed (issue 16): a request seals the new details
 * (`sealed-details.ts`) and keeps them as a pending change under the SHA-256 of a one-time code
 * (32 random bytes, valid 24 hours); the code goes to the partner's known e-mail as a link. Spending
 * the code stores the sealed details as the partner's (`putPayoutDetails`) and removes the pending
 * change, once: a second spend finds nothing. A newer request replaces nothing until it is confirmed.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Partner, PayoutDetails } from '../../../records/partners.js';
import type { DocumentRepo } from '../../../store/ports/document-repo.js';
import type { PartnerRepo } from '../../../store/ports/partner-ledger.js';
import { sealPayoutDetails } from './sealed-details.js';

/** The document collection of pending changes (by the code's digest). */
export const pendingDetailsCollection = 'partner_payout_details_pending';
export const detailsCodeTtlMs = 24 * 3_600_000;

interface PendingChange {
  partner_id: string;
  sealed: string;
  method: PayoutDetails['method'];
  requested_at: string;
  expires_at: string;
}

const digestOf = (code: string) => createHash('sha256').update(code).digest('base64url');

/** Keeps the change pending and answers the one-time code that confirms it. */
export async function requestPayoutDetailsChange(store: DocumentRepo, key: Buffer, partner: Partner, details: PayoutDetails, now = new Date()): Promise<{ code: string; expiresAt: Date }> {
  const code = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + detailsCodeTtlMs);
  const pending: PendingChange = {
    partner_id: partner.id, sealed: sealPayoutDetails(key, partner.workspace_id, partner.id, details), method: details.method,
    requested_at: now.toISOString(), expires_at: expiresAt.toISOString(),
  };
  await store.putDocument(partner.workspace_id, pendingDetailsCollection, digestOf(code), pending);
  return { code, expiresAt };
}

/** What a confirmed change did: the workspace and partner whose details it stored, and the method. */
export interface ConfirmedChange {
  workspace_id: string;
  partner_id: string;
  method: PayoutDetails['method'];
}

/** Spends `code`: stores the pending details as the partner's; undefined when the code is unknown, spent or expired. */
export async function confirmPayoutDetailsChange(store: DocumentRepo & PartnerRepo, code: string, now = new Date()): Promise<ConfirmedChange | undefined> {
  const id = digestOf(code);
  for (const workspaceId of await store.documentWorkspaces(pendingDetailsCollection, id)) {
    const pending = await store.getDocument<PendingChange>(workspaceId, pendingDetailsCollection, id);
    // Deleting is the spend: of two confirmations racing, one deletes and stores.
    if (!pending || !(await store.deleteDocument(workspaceId, pendingDetailsCollection, id))) continue;
    if (Date.parse(pending.expires_at) <= now.getTime()) return undefined;
    if (!(await store.getPartner(workspaceId, pending.partner_id))) return undefined;
    await store.putPayoutDetails(workspaceId, pending.partner_id, pending.sealed);
    return { workspace_id: workspaceId, partner_id: pending.partner_id, method: pending.method };
  }
  return undefined;
}
