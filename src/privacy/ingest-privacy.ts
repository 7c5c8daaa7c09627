import type { EventRecord, LeadRecord, OrderRecord } from '../records/events.js';
import type { SettingsRepo } from '../store/ports/settings-repo.js';
import { pseudonymizeEvent, pseudonymizeLead, pseudonymizeOrder } from './pseudonymize.js';
import { workspaceSalt } from './workspace-salt.js';

/**
 * The one place ingest calls before events reach the spool, the queue or the store, and before
 * imported orders and leads are stored (issue 12 #14): every path pseudonymises exactly once.
 */
export async function pseudonymizeEvents(store: SettingsRepo, workspaceId: string, events: EventRecord[]): Promise<EventRecord[]> {
  if (events.length === 0) return events;
  const salt = await workspaceSalt(store, workspaceId);
  return events.map((e) => pseudonymizeEvent(salt, e));
}

export async function pseudonymizeLeads(store: SettingsRepo, workspaceId: string, leads: LeadRecord[]): Promise<LeadRecord[]> {
  if (leads.length === 0) return leads;
  const salt = await workspaceSalt(store, workspaceId);
  return leads.map((l) => pseudonymizeLead(salt, l));
}

export async function pseudonymizeOrders(store: SettingsRepo, workspaceId: string, orders: OrderRecord[]): Promise<OrderRecord[]> {
  if (orders.length === 0) return orders;
  const salt = await workspaceSalt(store, workspaceId);
  return orders.map((o) => pseudonymizeOrder(salt, o));
}
