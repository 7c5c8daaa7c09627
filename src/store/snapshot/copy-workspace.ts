import { classifyChannel, hostOf, touchFacts } from '../../tracking/channel-rules.js';
import type { Workspace } from '../../records/workspace.js';
import type { Store } from '../store.js';
import type { StoreSnapshot } from './store-snapshot.js';
import { copyPartners, type PartnerCopy } from './partner-copies.js';

/** What was copied of one workspace. */
export interface WorkspaceCopy extends PartnerCopy {
  id: string;
  events: number;
  spend: number;
  orders: number;
  leads: number;
  rates: number;
  documents: number;
  links: number;
  keys: number;
  members: number;
  /** Audit entries appended to the target's log. */
  audit: number;
  /** The target's log differed from the copy's, so it kept its own (nothing of the copy's log was appended after the difference). */
  audit_diverged?: true;
}

/**
 * Writes one workspace of `source` into `target` through the store's ports: the workspace with its
 * settings, channel rules, documents, links, keys, members (with their accounts), partner programmes (partners, payout runs, ledger), rates, spend, orders, leads, events and audit log. Every write
 * is idempotent, so copying again changes nothing (a slug or key already there stays as it is).
 */
export async function copyWorkspace(source: StoreSnapshot, target: Store, ws: Workspace, onProgress?: (msg: string) => void): Promise<WorkspaceCopy> {
  await target.ensureWorkspace(ws);
  await target.updateWorkspace(ws.id, { name: ws.name, currency: ws.currency, timezone: ws.timezone, margin: ws.margin, write_key: ws.write_key, fallback_url: ws.fallback_url ?? null, archived_at: ws.archived_at ?? null });
  const rules = await source.channelRules(ws.id);
  if (rules) await target.setChannelRules(ws.id, rules, (e) => classifyChannel(touchFacts(e), rules, hostOf(e.url)));
  const documents = await source.documents(ws.id);
  for (const d of documents) await target.putDocument(ws.id, d.collection, d.id, d.body);
  const links = await source.links(ws.id);
  for (const link of links) await target.createLink(ws.id, link);
  const keys = await source.apiKeys(ws.id);
  for (const { key, hash } of keys) {
    if (await target.findApiKey(hash)) continue;
    await target.createApiKey(key, hash);
    if (key.last_used_at) await target.touchApiKey(key.id, key.last_used_at);
    if (key.revoked_at) await target.revokeApiKey(ws.id, key.id, key.revoked_at);
  }
  const members = await source.members(ws.id);
  for (const { person, membership } of members) {
    const taken = (await target.getPerson(person.id)) ?? (await target.findPersonByEmail(person.email));
    if (!taken) {
      await target.createPerson({ id: person.id, email: person.email, created_at: person.created_at, password_hash: person.password_hash });
      await target.updatePerson(person.id, { totp_secret: person.totp_secret, totp_pending: person.totp_pending, disabled_at: person.disabled_at });
    }
    await target.setMembership({ ...membership, person_id: taken?.id ?? person.id });
  }
  const partners = await copyPartners(source, target, ws.id);
  const rates = await source.rates(ws.id);
  await target.upsertRates(ws.id, rates);
  const spend = await source.spend(ws.id);
  await target.replaceSpend(ws.id, spend);
  const orders = await source.orders(ws.id);
  await target.upsertOrders(ws.id, orders);
  const leads = await source.leads(ws.id);
  await target.upsertLeads(ws.id, leads);
  let events = 0;
  for await (const page of source.events(ws.id)) {
    await target.insertEvents(ws.id, page);
    events += page.length;
    onProgress?.(`${ws.id}: ${events} events copied`);
  }
  let audit = 0;
  let diverged = false;
  for await (const page of source.audit(ws.id)) {
    if (diverged) break;
    const r = await target.continueAuditChain(ws.id, page);
    audit += r.appended;
    diverged = r.diverged;
  }
  return { id: ws.id, events, spend: spend.length, orders: orders.length, leads: leads.length, rates: rates.length, documents: documents.length, links: links.length, keys: keys.length, members: members.length, ...partners, audit, ...(diverged ? { audit_diverged: true as const } : {}) };
}
