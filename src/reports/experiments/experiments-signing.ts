/**
 * Signed assignments (issue 12 #5): the workspace's experiment secret, the tokens the
 * assignment endpoints hand out, and the check of every `$exposure` event at ingest.
 * An exposure is counted only when it carries `rl_signed: true`, which only the server
 * sets: for a valid token whose claims match the event and the experiment's own hash
 * of the unit, for the server's own assignment, and for trusted senders (the admin
 * token, imports). `rl_src` keeps the token's source bucket for the anomaly flags.
 */
import { randomBytes } from 'node:crypto';
import { assignVariant, signAssignment, sourceBucket, verifyAssignment } from '../../experiments/index.js';
import type { EventRecord } from '../../records/events.js';
import type { FieldIssue } from '../../shared/errors.js';
import type { SettingsRepo } from '../../store/ports/settings-repo.js';
import type { DocumentRepo } from '../../store/ports/document-repo.js';
import type { Workspace } from '../../records/workspace.js';
import { withHashVersion, type ExperimentDefinition } from './experiments-definition.js';

/** The exposure event's name and the properties only the server may set on it. */
export const exposureName = '$exposure';
export const signedProperty = 'rl_signed';
export const sourceProperty = 'rl_src';
export const tokenProperty = 'token';

const secretKey = (workspaceId: string) => `workspace.${workspaceId}.experiment_secret`;
const secrets = new WeakMap<SettingsRepo, Map<string, Promise<string>>>();

/**
 * The workspace's assignment secret (32 random bytes, base64url), created on first use and kept
 * in the metadata store; it never leaves the server. Concurrent first uses in one process share
 * one creation (per store).
 */
export function experimentSecret(store: SettingsRepo, workspaceId: string): Promise<string> {
  let pending = secrets.get(store);
  if (!pending) secrets.set(store, (pending = new Map()));
  let secret = pending.get(workspaceId);
  if (!secret) {
    secret = (async () => {
      const stored = await store.getSetting(secretKey(workspaceId));
      if (stored) return stored;
      const fresh = randomBytes(32).toString('base64url');
      await store.setSetting(secretKey(workspaceId), fresh);
      return fresh;
    })();
    const forget = pending;
    secret.catch(() => forget.delete(workspaceId));
    pending.set(workspaceId, secret);
  }
  return secret;
}

/** A token for the variant the server computed for `unit`, and the source bucket it carries. */
export async function assignmentToken(
  store: SettingsRepo,
  workspaceId: string,
  a: { experiment: string; hash_version: number; unit: string; variant: string; index: number; address: string },
  now: Date = new Date(),
): Promise<{ token: string; source: string }> {
  const secret = await experimentSecret(store, workspaceId);
  const source = sourceBucket(secret, a.address);
  const token = signAssignment(secret, {
    workspace: workspaceId, experiment: a.experiment, hash_version: a.hash_version, unit: a.unit, variant: a.variant, index: a.index, source,
    issued_at: Math.floor(now.getTime() / 1000),
  });
  return { token, source };
}

export interface GuardedExposures {
  events: EventRecord[];
  /** the input position of each kept event */
  kept: number[];
  rejected: { index: number; errors: FieldIssue[] }[];
}

/**
 * `guardExposures` over a parsed batch of `POST /v1/events` (`events[i]` came from request
 * index `indices[i]`): the kept events with their indices, and the refused ones added to
 * `rejected` in request order.
 */
export async function guardExposureBatch<B extends { events: EventRecord[]; indices: number[]; rejected: { index: number; errors: FieldIssue[] }[] }>(
  store: SettingsRepo & DocumentRepo, ws: Workspace, batch: B, opts: { trusted: boolean },
): Promise<B> {
  const out = await guardExposures(store, ws, batch.events, { trusted: opts.trusted, indexOf: (i) => batch.indices[i] });
  if (out.rejected.length === 0 && out.events === batch.events) return batch;
  return {
    ...batch,
    events: out.events,
    indices: out.kept.map((i) => batch.indices[i]),
    rejected: [...batch.rejected, ...out.rejected].sort((a, b) => a.index - b.index),
  };
}

const isExposure = (e: EventRecord) => e.type === 'custom' && e.name === exposureName;

/**
 * Checks the `$exposure` events of a batch (other events pass unchanged). Trusted senders'
 * exposures are marked signed as they are. From others: the server's properties are refused,
 * an exposure without a token is kept unsigned (results leave it out and count it apart), and
 * a token that does not verify, or names another workspace, experiment, unit or variant than
 * the event, or a variant the experiment's hash does not give that unit, refuses the event
 * naming `properties.token`.
 */
export async function guardExposures(store: SettingsRepo & DocumentRepo, ws: Workspace, events: EventRecord[], opts: { trusted: boolean; indexOf?: (i: number) => number }): Promise<GuardedExposures> {
  const out: GuardedExposures = { events: [], kept: [], rejected: [] };
  if (!events.some(isExposure)) return { events, kept: events.map((_e, i) => i), rejected: [] };
  const secret = await experimentSecret(store, ws.id);
  const definitions = new Map<string, Promise<ExperimentDefinition | undefined>>();
  const definition = (key: string) => {
    if (!definitions.has(key)) definitions.set(key, store.getDocument<ExperimentDefinition>(ws.id, 'experiments', key).then((d) => (d ? withHashVersion(d) : undefined)));
    return definitions.get(key)!;
  };
  for (const [i, event] of events.entries()) {
    if (!isExposure(event)) {
      out.events.push(event);
      out.kept.push(i);
      continue;
    }
    const { [tokenProperty]: token, [signedProperty]: _signed, [sourceProperty]: _source, ...props } = event.properties ?? {};
    if (opts.trusted) {
      out.events.push({ ...event, properties: { ...props, [signedProperty]: true } });
      out.kept.push(i);
      continue;
    }
    const text = JSON.stringify(event.properties ?? {});
    const problem = text.includes(signedProperty) || text.includes(sourceProperty)
      ? { path: 'properties', message: `"${signedProperty}" and "${sourceProperty}" are reserved: only the server signs exposures` }
      : token === undefined || token === null
        ? null
        : await tokenProblem(secret, ws.id, event, token, definition);
    if (problem) {
      out.rejected.push({ index: opts.indexOf ? opts.indexOf(i) : i, errors: [problem] });
      continue;
    }
    out.kept.push(i);
    if (token === undefined || token === null) out.events.push({ ...event, properties: props });
    else {
      const claims = verifyAssignment(secret, token)!;
      out.events.push({ ...event, properties: { ...props, hash_version: claims.hash_version, [signedProperty]: true, [sourceProperty]: claims.source } });
    }
  }
  return out;
}

async function tokenProblem(
  secret: string,
  workspaceId: string,
  event: EventRecord,
  token: unknown,
  definition: (key: string) => Promise<ExperimentDefinition | undefined>,
): Promise<FieldIssue | null> {
  const refuse = (why: string): FieldIssue => ({ path: `properties.${tokenProperty}`, message: `refused: ${why}` });
  const claims = verifyAssignment(secret, token);
  if (!claims || claims.workspace !== workspaceId) return refuse('not an assignment token this server signed for the workspace');
  const props = event.properties ?? {};
  if (claims.experiment !== props.experiment) return refuse(`the token is for experiment "${claims.experiment}"`);
  if (claims.unit !== event.anonymous_id) return refuse('the token is for another anonymous_id');
  const variant = props.variant;
  if (variant !== claims.variant && String(variant) !== String(claims.index)) return refuse(`the token is for variant "${claims.variant}"`);
  const def = await definition(claims.experiment);
  if (!def) return refuse(`no experiment "${claims.experiment}"`);
  const expected = assignVariant(def.key, claims.unit, def.variants.map((v) => v.weight), def.hash_version ?? 1);
  if (claims.hash_version !== (def.hash_version ?? 1) || def.variants[expected]?.name !== claims.variant) return refuse('the variant is not the one the experiment assigns to this unit');
  return null;
}
