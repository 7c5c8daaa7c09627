import type { SettingsRepo } from './ports/settings-repo.js';

/**
 * A workspace's revenue settings, kept as store settings (issue 12 #1): the largest amount an
 * order may claim, and which sales count as revenue. Ingest guards with them; the engines and
 * reports count with them.
 */
export type RevenueSources = 'verified' | 'all';
export const revenueSourceModes: readonly RevenueSources[] = ['verified', 'all'];

const settingKey = (workspaceId: string, name: 'max_order_amount' | 'revenue_sources') => `workspace.${workspaceId}.${name}`;

/** The workspace's maximum amount per order in its base currency (a decimal string), or null for none. */
export async function getMaxOrderAmount(store: SettingsRepo, workspaceId: string): Promise<string | null> {
  const v = await store.getSetting(settingKey(workspaceId, 'max_order_amount'));
  return v ? v : null;
}

export async function setMaxOrderAmount(store: SettingsRepo, workspaceId: string, amount: string | null): Promise<void> {
  await store.setSetting(settingKey(workspaceId, 'max_order_amount'), amount ?? '');
}

/** The workspace's explicit `revenue_sources`, or null when unset (then: `verified` once a verified source exists, else `all`). */
export async function getRevenueSources(store: SettingsRepo, workspaceId: string): Promise<RevenueSources | null> {
  const v = await store.getSetting(settingKey(workspaceId, 'revenue_sources'));
  return v === 'verified' || v === 'all' ? v : null;
}

export async function setRevenueSources(store: SettingsRepo, workspaceId: string, mode: RevenueSources | null): Promise<void> {
  await store.setSetting(settingKey(workspaceId, 'revenue_sources'), mode ?? '');
}
