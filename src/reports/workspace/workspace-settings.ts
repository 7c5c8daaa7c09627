/**
 * A workspace's settings, read and changed by one operation shared by
 * `GET/PATCH /v1/workspace` and `roilens workspace show|set`: every value is
 * checked before anything is written, and a refused value names its field in
 * the caller's spelling (`body.currency`, `--currency`).
 */
import { getMaxOrderAmount, getRevenueSources, revenueSourceModes, setMaxOrderAmount, setRevenueSources, type RevenueSources } from '../../store/revenue-settings.js';
import { canonicalTimeZone } from '../../metrics/time-zone.js';
import { isCurrency, parseAmount } from '../../money/currency.js';
import { getRetentionDays, parseRetentionDays, setRetentionDays } from '../../privacy/retention.js';
import { AppError, invalid } from '../../shared/errors.js';
import type { Store } from '../../store/store.js';
import { httpUrl } from '../links/links.js';
import { parseDisplayChange, saveDisplayChange, workspaceDisplay } from './workspace-display.js';
import { assertWorkspaceNameFree } from './workspace-name.js';

/** What a change may carry (the body of `PATCH /v1/workspace`). */
export interface WorkspaceChange {
  name?: string;
  currency?: string;
  timezone?: string;
  margin?: string;
  fallback_url?: string | null;
  max_order_amount?: string | null;
  revenue_sources?: string | null;
  retention_days?: number | null;
  calendar?: string;
  irr_display?: string;
}

export const workspaceChangeKeys = ['name', 'currency', 'timezone', 'margin', 'fallback_url', 'max_order_amount', 'revenue_sources', 'retention_days', 'calendar', 'irr_display'] as const;

/** The workspace, its settings and the range of its data. */
export async function workspaceSettings(store: Store, workspaceId: string) {
  const ws = await store.getWorkspace(workspaceId);
  if (!ws) throw new AppError('not_found', 'no workspace');
  const range = await store.dataRange(ws.id);
  return {
    id: ws.id, name: ws.name, currency: ws.currency, timezone: ws.timezone, margin: ws.margin, write_key: ws.write_key, fallback_url: ws.fallback_url ?? null,
    max_order_amount: await getMaxOrderAmount(store, ws.id), revenue_sources: await getRevenueSources(store, ws.id), retention_days: await getRetentionDays(store, ws.id),
    data_from: range.from, data_to: range.to,
    ...(await workspaceDisplay(store, ws)),
  };
}

/**
 * Checks every value of `change`, then writes them. `field` spells a key the
 * caller's way in errors (default `body.<key>`).
 */
export async function updateWorkspaceSettings(store: Store, workspaceId: string, change: WorkspaceChange, field: (key: keyof WorkspaceChange) => string = (key) => `body.${key}`): Promise<{ updated: true }> {
  const { calendar, irr_display: irrDisplay, max_order_amount: maxOrder, revenue_sources: sources, retention_days: retentionDays, ...record } = change;
  const display = parseDisplayChange({ calendar, irr_display: irrDisplay }, field);
  const retention = retentionDays === undefined ? undefined : parseRetentionDays(retentionDays, field('retention_days'));
  let maxAmount: string | null | undefined;
  if (maxOrder !== undefined) {
    const parsed = maxOrder === null ? null : parseAmount(maxOrder);
    if (parsed && ('error' in parsed || Number(parsed.amount) <= 0)) throw invalid(field('max_order_amount'), 'must be a positive decimal amount in the workspace currency, e.g. "5000.00", or null');
    maxAmount = parsed ? (parsed as { amount: string }).amount : null;
  }
  if (sources !== undefined && sources !== null && !revenueSourceModes.includes(sources as RevenueSources)) throw invalid(field('revenue_sources'), 'must be "verified" or "all" (or null for the default)');
  if (record.name !== undefined && (typeof record.name !== 'string' || record.name.trim() === '' || record.name.length > 200)) throw invalid(field('name'), 'must be 1–200 characters');
  if (record.name !== undefined) {
    record.name = record.name.trim();
    await assertWorkspaceNameFree(store, record.name, workspaceId);
  }
  if (record.currency !== undefined && !isCurrency(record.currency)) throw invalid(field('currency'), 'must be an ISO 4217 currency code');
  if (record.margin !== undefined && !/^(0(\.\d+)?|1(\.0+)?)$/.test(record.margin)) throw invalid(field('margin'), 'must be a decimal from 0 to 1');
  // Day, week and month boundaries of every report are local midnights of this zone.
  if (record.timezone !== undefined) {
    const zone = canonicalTimeZone(record.timezone);
    if (!zone) throw invalid(field('timezone'), 'must be an IANA time zone name, e.g. Asia/Tehran, Asia/Ho_Chi_Minh or UTC');
    record.timezone = zone;
  }
  // Where disabled and deleted tracking links send visitors; null or "" removes it.
  if (record.fallback_url !== undefined) record.fallback_url = record.fallback_url ? httpUrl(record.fallback_url, field('fallback_url')) : null;

  if (Object.keys(record).length) await store.updateWorkspace(workspaceId, record);
  if (maxAmount !== undefined) await setMaxOrderAmount(store, workspaceId, maxAmount);
  if (sources !== undefined) await setRevenueSources(store, workspaceId, sources as RevenueSources | null);
  if (retention !== undefined) await setRetentionDays(store, workspaceId, retention);
  if (Object.keys(display).length) {
    const ws = await store.getWorkspace(workspaceId);
    if (ws) await saveDisplayChange(store, ws, display);
  }
  return { updated: true };
}
