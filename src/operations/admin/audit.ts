/**
 * `GET /v1/audit`, `GET /v1/audit/export`, `GET /v1/audit/verify` ↔ `roilens audit list|export|verify`
 * (issue 15): reading the workspace's audit log, newest first, filtered by actor, operation and time;
 * exporting it (every page read is itself recorded as an export); checking its hash chain. The log has
 * no operation that edits or deletes an entry, and the store exposes none.
 */
import { z } from 'zod';
import type { AuditEntry } from '../../records/audit.js';
import { AppError } from '../../shared/errors.js';
import { verifyAuditChain, type ChainBreak } from '../core/audit-chain.js';
import { defineOperation, type OperationContext } from '../core/define.js';

const instantOrDay = z.string().max(40).regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/, 'a date (YYYY-MM-DD) or an ISO 8601 instant');

const filters = z.object({
  actor: z.string().max(200).optional().describe('who: a person or key id, "operator", "admin-token", or a share link id'),
  actor_kind: z.enum(['person', 'key', 'operator', 'share', 'session', 'anonymous']).optional(),
  operation: z.string().max(100).optional().describe('an operation name, e.g. links.update'),
  from: instantOrDay.optional().describe('entries at or after (a date: its start, UTC)'),
  to: instantOrDay.optional().describe('entries before (a date: the end of that day, UTC)'),
});

export const auditEntrySchema = z.object({
  id: z.string(),
  seq: z.number().int().describe('position in the workspace\'s hash chain, from 1'),
  at: z.string(),
  actor_kind: z.string(),
  actor_id: z.string(),
  surface: z.string().describe('http, cli or schedule'),
  ip: z.string().nullable(),
  user_agent: z.string().nullable(),
  operation: z.string(),
  target_kind: z.string(),
  target_id: z.string().nullable(),
  before: z.unknown().describe('the state before (secrets redacted); null when the operation cannot say'),
  after: z.unknown().describe('the state after, or a summary (counts)'),
  hash: z.string(),
  prev_hash: z.string(),
});

/** An instant filter as stored text: a date is its first instant (`from`) or the next day's (`to`: the day counts whole). */
function instantOf(value: string | undefined, end: boolean, field: string): string | undefined {
  if (value === undefined) return undefined;
  const date = new Date(value.length === 10 ? `${value}T00:00:00.000Z` : value);
  if (Number.isNaN(date.getTime())) throw new AppError('invalid_input', `${field}: not a date or instant`, [{ path: field, message: 'not a date or instant' }]);
  if (end && value.length === 10) date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString();
}

/** A stored entry as answered: before and after as JSON values. */
function answered(e: AuditEntry): z.infer<typeof auditEntrySchema> {
  const { workspace_id: _ws, before, after, ...rest } = e;
  return { ...rest, before: before === null ? null : JSON.parse(before), after: after === null ? null : JSON.parse(after) };
}

/** Sort keys compare as text: a seq is padded so that text order is number order. */
const seqKey = (e: { seq: number }) => String(e.seq).padStart(12, '0');

async function pageOfEntries(ctx: OperationContext, input: z.infer<typeof filters>) {
  const field = (k: string) => (ctx.surface === 'cli' ? `--${k}` : `querystring.${k}`);
  const page = ctx.page!;
  const entries = await ctx.store.listAudit(ctx.workspaceId, {
    actor_kind: input.actor_kind, actor_id: input.actor, operation: input.operation,
    from: instantOf(input.from, false, field('from')), to: instantOf(input.to, true, field('to')),
    ...(page.after ? { beforeSeq: Number(page.after[0]) } : {}), limit: page.limit + 1,
  });
  return { entries: entries.map(answered) };
}

const listed = z.object({ entries: z.array(auditEntrySchema) });

export const auditListOperation = defineOperation({
  name: 'audit.list',
  summary: 'The workspace\'s audit log, newest first: who changed what, when, from where, with the state before and after (secrets redacted)',
  tags: ['admin'],
  scope: 'admin',
  http: { method: 'GET', path: '/v1/audit' },
  input: filters,
  output: listed,
  list: { items: 'entries', order: [{ by: seqKey, desc: true }], store: true, defaultLimit: 50 },
  webType: 'AuditAnswer',
  cli: {
    command: 'audit list',
    description: 'the audit log, newest first (--actor, --operation, --from, --to; one page: --limit, --cursor)',
    formats: ['table', 'json', 'csv'],
    print: (answer, format, _input, { printResult }) => {
      if (format === 'json') return printResult(answer, 'json');
      printResult({ entries: answer.entries.map((e) => ({ seq: e.seq, at: e.at, actor: `${e.actor_kind}:${e.actor_id}`, operation: e.operation, target: `${e.target_kind}:${e.target_id ?? ''}`, from: e.ip ?? e.surface })) }, format);
      const next = (answer as { next_cursor?: string | null }).next_cursor;
      if (next) process.stderr.write(`more: --cursor ${next}\n`);
    },
  },
  handler: pageOfEntries,
});

export const auditExportOperation = defineOperation({
  name: 'audit.export',
  summary: 'The audit log for export, page by page (up to 5,000 entries each, newest first); each page read is recorded in the log as an export',
  tags: ['admin'],
  scope: 'admin',
  http: { method: 'GET', path: '/v1/audit/export' },
  input: filters,
  output: listed,
  list: { items: 'entries', order: [{ by: seqKey, desc: true }], store: true, defaultLimit: 5000, maxLimit: 5000 },
  audit: { kind: 'export', target: () => ({ kind: 'audit', id: null }) },
  cli: { none: 'roilens audit export (cli/commands/audit.ts) runs this operation page after page and writes each page as it comes (json or csv)' },
  handler: pageOfEntries,
});

const chainBreak = z.object({ seq: z.number().int(), id: z.string(), reason: z.enum(['hash', 'prev_hash', 'seq']) });

/** Entries verified per read. */
const verifyBatch = 2000;

export const auditVerifyOperation = defineOperation({
  name: 'audit.verify',
  summary: 'Check the audit log\'s hash chain: ok, or the first entry that was edited, inserted or follows a deleted one; head is the last entry checked (note it to detect a later truncation)',
  tags: ['admin'],
  scope: 'admin',
  http: { method: 'GET', path: '/v1/audit/verify' },
  input: z.object({}),
  output: z.object({ ok: z.boolean(), entries: z.number().int(), head: z.object({ seq: z.number().int(), hash: z.string() }).nullable(), broken: chainBreak.nullable() }),
  cli: {
    command: 'audit verify',
    description: 'check the audit log\'s hash chain (exit code 1 when it is broken)',
    formats: ['table', 'json'],
    print: (answer, format, _input, { printResult }) => {
      if (format === 'json') printResult(answer, 'json');
      else if (answer.ok) process.stdout.write(`ok: ${answer.entries} entries; head ${answer.head ? `#${answer.head.seq} ${answer.head.hash}` : '(empty)'}\n`);
      else process.stdout.write(`BROKEN at entry #${answer.broken!.seq} (${answer.broken!.id}): ${answer.broken!.reason} does not match; ${answer.entries} entries before it are intact\n`);
      if (!answer.ok) process.exitCode = 1;
    },
  },
  handler: async (ctx) => {
    let head: { seq: number; hash: string } | null = null;
    let broken: ChainBreak | undefined;
    for (;;) {
      const batch = await ctx.store.auditChain(ctx.workspaceId, head?.seq ?? 0, verifyBatch);
      const checked = verifyAuditChain(batch, head);
      head = checked.head;
      broken = checked.break;
      if (broken || batch.length < verifyBatch) break;
    }
    return { ok: !broken, entries: head?.seq ?? 0, head, broken: broken ?? null };
  },
});
