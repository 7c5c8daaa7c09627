/**
 * Records calls in the audit log by construction (issue 15): `invoke` runs every operation of every
 * surface (HTTP, the CLI in process, the scheduler) through `audited`, so no change can skip it. A
 * change (by default every operation that is not a GET, not public and not tracking: events are data,
 * not changes) writes one entry once its handler succeeded; a failed call writes none. Exports
 * (`audit.kind: 'export'`) and every call by a share link are recorded too.
 */
import { randomBytes } from 'node:crypto';
import type { AuditActorKind, AuditDraft } from '../../records/audit.js';
import type { AnyOperation, OperationContext, Principal } from './define.js';
import { auditState, redact } from '../../privacy/audit-redact.js';
import { sealAuditEntry } from './audit-chain.js';

/** How a call of `op` by `principal` is recorded: as a change, an export or view, or not at all. */
export function auditKindOf(op: AnyOperation, principal: Principal): 'change' | 'export' | 'view' | undefined {
  if (principal.kind === 'share') return op.forShareLinks ? undefined : 'view';
  const declared = op.audit?.kind;
  if (declared) return declared === 'read' ? undefined : declared;
  return op.http.method === 'GET' || op.scope === 'public' || op.tracking ? undefined : 'change';
}

/**
 * Who acted, as the log names them: a person by id, a key by id (`admin-token` for `ROILENS_ADMIN_TOKEN`),
 * the CLI as `operator`, a share link by id; today's dashboard session is the admin token's.
 */
export function actorOf(p: Principal): { kind: AuditActorKind; id: string } {
  if (p.person) return { kind: 'person', id: p.person.id };
  switch (p.kind) {
    case 'operator': return { kind: 'operator', id: 'operator' };
    case 'secret-key': return { kind: 'key', id: p.keyId ?? 'admin-token' };
    case 'write-key': return { kind: 'key', id: p.keyId ?? 'workspace-write-key' };
    case 'session': return { kind: 'session', id: 'admin-token' };
    case 'share': return { kind: 'share', id: p.share?.id ?? 'unknown' };
    default: return { kind: 'anonymous', id: 'anonymous' };
  }
}

/** The default target: the operation's first word and the input's (else the answer's) `id` or `slug`. */
function defaultTarget(op: AnyOperation, input: Record<string, unknown>, answer: unknown): { kind: string; id: string | null } {
  const idOf = (v: unknown) => {
    const r = v as Record<string, unknown> | null | undefined;
    const id = r?.id ?? r?.slug;
    return typeof id === 'string' ? id : undefined;
  };
  return { kind: op.name.split('.')[0], id: idOf(input) ?? idOf(answer) ?? null };
}

/**
 * Runs `run` (the handler) and records the call as `auditKindOf` says: the state before (when the
 * operation declares `audit.state`), then, on success, the entry with the state after or the answer.
 */
export async function audited<T>(op: AnyOperation, ctx: OperationContext, input: Record<string, unknown>, run: () => Promise<T>): Promise<T> {
  const kind = auditKindOf(op, ctx.principal);
  if (!kind) return run();
  const spec = op.audit;
  const before = kind === 'change' && spec?.state ? await spec.state(ctx, input) : undefined;
  const answer = await run();
  let after: unknown;
  if (kind === 'view') after = { params: input };
  else if (spec?.after) after = spec.after(input, answer);
  else if (kind === 'change' && spec?.state) after = await spec.state(ctx, input);
  else after = kind === 'export' ? { params: input } : answer;
  const target = kind === 'view' ? { kind: 'share_link', id: ctx.principal.share?.id ?? null } : (spec?.target?.(input, answer, ctx) ?? defaultTarget(op, input, answer));
  const actor = actorOf(ctx.principal);
  const workspaceId = spec?.workspace?.(input, answer) ?? ctx.workspaceId;
  const draft: AuditDraft = {
    id: `aud_${randomBytes(8).toString('hex')}`,
    workspace_id: workspaceId,
    at: new Date().toISOString(),
    actor_kind: actor.kind,
    actor_id: actor.id,
    surface: ctx.surface,
    ip: ctx.address ?? null,
    user_agent: ctx.userAgent?.slice(0, 512) ?? null,
    operation: op.name,
    target_kind: target.kind,
    target_id: target.id === null ? null : String((redact({ id: target.id }) as { id: string }).id),
    before: auditState(before),
    after: auditState(after),
  };
  await ctx.store.appendAudit(workspaceId, (head) => sealAuditEntry(draft, head));
  return answer;
}
