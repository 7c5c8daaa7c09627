/**
 * Who calls (issue 15), resolved once per request before anything is read: a secret key (`rl_sk_…`
 * or `ROILENS_ADMIN_TOKEN`) as `Authorization: Bearer KEY`, a write key (`rl_pub_…` or a workspace's
 * own) as the bearer or `?key=KEY`, the operator key of the CLI, or the dashboard's session cookie (the
 * admin token's, or a person's: the scopes of their role in the workspace they pick).
 * Status codes (design.md, precise terms): no or unknown credential 401 `unauthorized`; a header
 * naming another workspace 404 `not_found`; a credential without the operation's scope 403
 * `forbidden`; a write key on anything but tracking 403.
 */
import type { FastifyRequest } from 'fastify';
import { grants, type AnyOperation, type Principal } from '../operations/core/define.js';
import { AppError, invalid } from '../shared/errors.js';
import { mayChangeOwners, roleScopes } from '../operations/admin/role-scopes.js';
import { stringFieldOf } from '../shared/unknown-values.js';
import type { Workspace } from '../records/workspace.js';
import type { ServerContext } from './context.js';
import type { Credential, Credentials } from './credentials.js';
import { hasSameOrigin, isSafeMethod } from './session/same-origin.js';
import { sessionPrincipalOf } from './session/session-auth.js';
import { crossOriginWrite } from '../operations/session/session-cookie.js';
import { visibleWorkspace } from '../operations/admin/visible-workspaces.js';

/** The header a session or the operator names the workspace with (design.md). */
export const workspaceHeader = 'x-roilens-workspace';

/** The bearer token of a request. */
function bearerOf(req: FastifyRequest): string | undefined {
  const header = req.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice(7).trim() || undefined : undefined;
}

/** The bearer token of a request, or `?key=` (browsers cannot set headers on beacons). */
export function credentialOf(req: FastifyRequest): string | undefined {
  return bearerOf(req) ?? stringFieldOf(req.query, 'key');
}

/** A request's credential as issued, or undefined without one; 401 for one nobody issued. A secret in `?key=` counts as unknown (URLs end up in logs). */
async function resolvedCredential(req: FastifyRequest, credentials: Credentials): Promise<Credential | undefined> {
  const bearer = bearerOf(req);
  const raw = bearer ?? stringFieldOf(req.query, 'key');
  if (raw === undefined) return undefined;
  const found = await credentials.resolve(raw);
  if (!found || (bearer === undefined && found.kind !== 'write-key')) throw new AppError('unauthorized', 'unknown credential: send a key as Authorization: Bearer KEY (a write key also as ?key=KEY)');
  return found;
}

/** The write key's workspace, refusing an archived workspace and an origin the key does not allow (403). */
function writeKeyWorkspace(req: FastifyRequest, credential: Extract<Credential, { kind: 'write-key' }>): Workspace {
  const ws = credential.workspace;
  if (ws.archived_at) throw new AppError('forbidden', `workspace ${ws.id} is archived: its write keys accept no events (its data stays readable)`);
  if (credential.origins.length) checkAllowedOrigin(req, credential.origins);
  return ws;
}

/** The origin of a Referer header (`https://shop.example`), or undefined when it is no URL. */
function refererOrigin(referer: string | undefined): string | undefined {
  if (!referer) return undefined;
  try {
    const url = new URL(referer);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A write key with allowed origins accepts only browsers on those sites (design.md "Keys"). A browser
 * always sends `Origin` on a cross-site POST, so a POST without one is no browser's: server-side sends
 * use a secret key. Only a GET (the pixel, a beacon image) comes without `Origin`; it is taken when its
 * `Referer` is on an allowed origin.
 */
function checkAllowedOrigin(req: FastifyRequest, origins: readonly string[]): void {
  const origin = req.headers.origin;
  if (origin !== undefined) {
    if (!origins.includes(origin)) throw new AppError('forbidden', `this write key does not accept events from the origin ${origin}`);
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    throw new AppError('forbidden', 'this write key accepts events only from its allowed origins and the request has no Origin header; send server-side events with a secret key (events:write)');
  }
  const from = refererOrigin(req.headers.referer);
  if (from === undefined || !origins.includes(from)) {
    throw new AppError('forbidden', `this write key accepts events only from its allowed origins: the request has no Origin header and its Referer ${from === undefined ? 'is missing' : `is on ${from}`}`);
  }
}

/** The workspace of a write key (the pixel), or 401 / 403. */
export async function requireWriteKey(req: FastifyRequest, credentials: Credentials): Promise<Workspace> {
  const credential = await resolvedCredential(req, credentials);
  if (!credential) throw new AppError('unauthorized', 'missing write key: send Authorization: Bearer KEY or ?key=KEY');
  if (credential.kind !== 'write-key') throw new AppError('unauthorized', 'unknown write key');
  return writeKeyWorkspace(req, credential);
}

/**
 * The principal of a request for `op` (see the file's comment for the statuses). A write key acts in
 * its workspace on tracking operations only; a secret key and the admin token in their own
 * workspace; the operator and the dashboard's session in the workspace `X-Roilens-Workspace` names
 * (default: the server's) among those they can see (`visibleWorkspaces`).
 */
export async function principalOf(req: FastifyRequest, op: AnyOperation, ctx: ServerContext, credentials: Credentials): Promise<Principal> {
  if (op.scope === 'public') return { kind: 'anonymous', workspaceId: ctx.workspaceId, scopes: [] };
  const credential = await resolvedCredential(req, credentials);
  const principal = credential ? await principalOfCredential(req, op, ctx, credential) : await sessionPrincipal(req, ctx);
  const wanted = headerValue(req, workspaceHeader);
  if (wanted !== undefined && wanted !== principal.workspaceId) {
    if (!(await visibleWorkspace(principal, ctx.store, wanted))) throw new AppError('not_found', `no workspace ${wanted}`);
    principal.workspaceId = wanted;
  }
  if (principal.kind === 'share') return principal;
  const portalPartner = op.portal === true && principal.person?.role === 'partner';
  if (principal.kind !== 'write-key' && !portalPartner && !grants(principal.scopes, op.scope)) throw new AppError('forbidden', `${op.name} needs the scope ${op.scope}`);
  if (op.ownerOnly && principal.person && !mayChangeOwners(principal.person.role)) throw new AppError('forbidden', `${op.name} is for owners of the workspace (your role: ${principal.person.role})`);
  if (op.operatorOnly && principal.kind !== 'operator') throw new AppError('forbidden', `${op.name} is the installation operator's: run \`roilens\` on the server's database (it acts as the operator)`);
  return principal;
}

async function principalOfCredential(req: FastifyRequest, op: AnyOperation, ctx: ServerContext, credential: Credential): Promise<Principal> {
  switch (credential.kind) {
    case 'operator':
      return { kind: 'operator', workspaceId: ctx.workspaceId, scopes: ['admin'] };
    case 'secret-key':
      return { kind: 'secret-key', workspaceId: credential.workspaceId, scopes: credential.scopes, ...(credential.keyId ? { keyId: credential.keyId } : {}) };
    case 'share': {
      // Revoked and expired links say so (401): the holder learns the link is dead, nothing more.
      const { link } = credential;
      if (link.revoked_at) throw new AppError('unauthorized', 'this share link was revoked');
      if (Date.parse(link.expires_at) <= Date.now()) throw new AppError('unauthorized', `this share link expired at ${link.expires_at}`);
      if (op.name !== link.view && !op.forShareLinks) throw new AppError('forbidden', `a share link shows one view only (${link.view}); ${op.name} needs a secret key with ${op.scope}`);
      return { kind: 'share', workspaceId: link.workspace_id, scopes: [], share: { id: link.id, view: link.view, params: link.params } };
    }
    case 'write-key': {
      if (!op.tracking) throw new AppError('forbidden', `a write key can only send events (tracking routes); ${op.name} needs a secret key with ${op.scope}`);
      const workspace = writeKeyWorkspace(req, credential);
      return { kind: 'write-key', workspaceId: workspace.id, scopes: ['events:write'], workspace, ...(credential.keyId ? { keyId: credential.keyId } : {}) };
    }
  }
}

/**
 * The dashboard's session: the admin token's (owner of the default workspace), or a person's in the
 * workspace `X-Roilens-Workspace` names (their only one without it; a read without it acts in their
 * first). A write by cookie needs a same-origin `Origin` (design.md "Cookie writes").
 */
async function sessionPrincipal(req: FastifyRequest, ctx: ServerContext): Promise<Principal> {
  const signed = sessionPrincipalOf(req);
  if (signed === undefined) {
    throw new AppError('unauthorized', 'missing credential: send Authorization: Bearer KEY (a secret key or the admin token), or sign in (POST /v1/session with an e-mail and password, or a link from `roilens signin-link`)');
  }
  const write = !isSafeMethod(req.method);
  if (write && !hasSameOrigin(req)) throw crossOriginWrite();
  if (signed === 'admin') return { kind: 'session', workspaceId: ctx.workspaceId, scopes: ['admin'] };
  const memberships = await ctx.store.membershipsOf(signed.personId);
  const wanted = headerValue(req, workspaceHeader);
  const chosen = wanted !== undefined ? memberships.find((m) => m.workspace_id === wanted) : memberships[0];
  if (!chosen) throw new AppError('not_found', wanted !== undefined ? `no workspace ${wanted}` : 'you belong to no workspace: ask an owner or admin to add you');
  if (wanted === undefined && write && memberships.length > 1) {
    throw invalid(`headers.${workspaceHeader}`, `you belong to ${memberships.length} workspaces: name the one this change is for (${memberships.map((m) => m.workspace_id).join(', ')})`);
  }
  return { kind: 'person', workspaceId: chosen.workspace_id, scopes: roleScopes(chosen.role), person: { id: signed.personId, role: chosen.role, partnerId: chosen.partner_id } };
}

function headerValue(req: FastifyRequest, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Whether a request carries a credential the server knows (a key, the admin or operator token, or a
 * live session cookie; a cookie write from another origin is 403 at once), checked before its body is
 * read (issue 12 #6): a stranger cannot make the server buffer a body. The route still checks what the
 * credential may do.
 */
export async function hasKnownCredential(req: FastifyRequest, credentials: Credentials): Promise<boolean> {
  const raw = credentialOf(req);
  if (raw !== undefined && (await credentials.resolve(raw))) return true;
  if (sessionPrincipalOf(req) === undefined) return false;
  if (!isSafeMethod(req.method) && !hasSameOrigin(req)) throw crossOriginWrite();
  return true;
}
