/**
 * What a stored metadata record must be, as zod schemas: the store checks every
 * row it reads against them, so a corrupt row answers a registry error naming
 * the row and field instead of a crash later or a wrong figure.
 */
import type { ApiKey } from './api-keys.js';
import { z } from 'zod';
import type { ChannelRule } from './channel-rule.js';
import type { TrackingLink, Workspace } from './workspace.js';

/** A decimal string such as "1" or "0.35" (margins are used in exact arithmetic). */
const decimalText = z.string().regex(/^\d+(\.\d+)?$/, 'a decimal string such as "0.35"');

export const workspaceRecord: z.ZodType<Workspace> = z.object({
  id: z.string().min(1),
  name: z.string(),
  currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code'),
  timezone: z.string().min(1),
  margin: decimalText,
  write_key: z.string().min(1),
  fallback_url: z.string().nullable(),
  archived_at: z.string().nullable().optional(),
});

export const utmRecord: z.ZodType<TrackingLink['utm']> = z.object({
  source: z.string().optional(),
  medium: z.string().optional(),
  campaign: z.string().optional(),
  content: z.string().optional(),
  term: z.string().optional(),
});

export const trackingLinkRecord: z.ZodType<TrackingLink> = z.object({
  slug: z.string().min(1),
  destination: z.string().min(1),
  channel: z.string().optional(),
  utm: utmRecord,
  disabled: z.boolean(),
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime().optional(),
});

export const channelRuleRecord: z.ZodType<ChannelRule> = z.object({
  channel: z.string().min(1),
  source: z.string().optional(),
  medium: z.string().optional(),
  referrer_host: z.string().optional(),
  click_id_kinds: z.array(z.string()).optional(),
});

export const channelRulesRecord = z.array(channelRuleRecord);

/** A stored `Idempotency-Key` use: the request's fingerprint and, once answered, the kept status and JSON body. */
export const idempotencyUseRecord = z.object({
  fingerprint: z.string().min(1),
  status: z.number().int().min(100).max(599).nullable(),
  body: z.string().nullable(),
});

/** A stored API key (issue 15): its scopes and origins as JSON arrays of strings. */
export const apiKeyRecord: z.ZodType<ApiKey> = z.object({
  id: z.string().min(1),
  workspace_id: z.string().min(1),
  kind: z.enum(['write', 'secret']),
  prefix: z.string().min(1),
  scopes: z.array(z.string()),
  allowed_origins: z.array(z.string()),
  created_at: z.string(),
  last_used_at: z.string().nullable(),
  revoked_at: z.string().nullable(),
});
