/**
 * What a stored metadata record must be, as zod schemas: the store checks every
 * row it reads against them, so a corrupt row answers a registry error naming
 * the row and field instead of a crash later or a wrong figure.
 */
import type { ApiKey } from './api-keys.js';
import type { AuditEntry, ShareLink } from './audit.js';
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

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 in hex');

/** A stored audit entry (issue 15): before and after as JSON text, exactly as hashed. */
export const auditEntryRecord: z.ZodType<AuditEntry> = z.object({
  id: z.string().min(1),
  workspace_id: z.string().min(1),
  seq: z.number().int().min(1),
  at: z.iso.datetime(),
  actor_kind: z.enum(['person', 'key', 'operator', 'share', 'session', 'anonymous']),
  actor_id: z.string(),
  surface: z.string(),
  ip: z.string().nullable(),
  user_agent: z.string().nullable(),
  operation: z.string().min(1),
  target_kind: z.string(),
  target_id: z.string().nullable(),
  before: z.string().nullable(),
  after: z.string().nullable(),
  prev_hash: sha256Hex,
  hash: sha256Hex,
});

/** A stored share link (issue 15): its view's params as a JSON object. */
export const shareLinkRecord: z.ZodType<ShareLink> = z.object({
  id: z.string().min(1),
  workspace_id: z.string().min(1),
  view: z.string().min(1),
  params: z.record(z.string(), z.unknown()),
  prefix: z.string(),
  created_at: z.iso.datetime(),
  expires_at: z.iso.datetime(),
  revoked_at: z.iso.datetime().nullable(),
});
