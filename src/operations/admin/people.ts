/**
 * `POST/GET /v1/members`, `PATCH/DELETE /v1/members/:person` ↔ `roilens people add|list|role|remove`
 * (issue 15, design.md): people of the workspace with a role (owner, admin, analyst, viewer, partner).
 * Adding an e-mail that has no account creates the person (with `--password-file`, their password,
 * argon2id-hashed; without, they get a link from `people invite` or `people reset-link`); an
 * existing account only gains the membership — its password is never set from here. Only an owner
 * grants or takes the owner role, and a workspace keeps one.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { roles, type Member, type Role } from '../../records/people.js';
import { AppError, invalid } from '../../shared/errors.js';
import { defineOperation, type OperationContext } from '../core/define.js';
import { emailSchema, hashPassword, passwordLength } from '../session/passwords.js';
import { fieldOf, keepAnOwner, memberOf, requireOwnerChange } from './people-access.js';

const roleSchema = z.enum(roles);
export const passwordSchema = z.string().min(passwordLength.min).max(passwordLength.max);
const partnerIdSchema = z.string().min(1).max(200);

const memberShape = z.object({
  id: z.string(), email: z.string(), role: roleSchema, partner_id: z.string().nullable(),
  has_password: z.boolean().describe('false until an invited person sets one'), totp: z.boolean().describe('a second factor is on'),
  disabled: z.boolean(), added_at: z.string(),
});

function memberAnswer(m: Member): z.infer<typeof memberShape> {
  return { id: m.person_id, email: m.email, role: m.role, partner_id: m.partner_id, has_password: m.has_password, totp: m.totp, disabled: m.disabled_at !== null, added_at: m.created_at };
}

/**
 * A partner member names the partner they are, a partner of this workspace (404 naming the field
 * otherwise); no one else names one.
 */
async function checkedPartner(ctx: OperationContext, role: Role, partnerId: string | undefined): Promise<string | null> {
  // The CLI's flag is --partner (or --partner-id); the API's field partner_id.
  const field = ctx.surface === 'cli' ? '--partner' : fieldOf(ctx, 'partner_id');
  if (role === 'partner' && partnerId === undefined) throw invalid(field, 'required with role partner: the partner this person is');
  if (role !== 'partner' && partnerId !== undefined) throw invalid(field, 'only a partner member has a partner id');
  if (partnerId !== undefined && !(await ctx.store.getPartner(ctx.workspaceId, partnerId))) {
    throw new AppError('not_found', `${field}: no partner ${partnerId} in this workspace (partners create makes one)`, [{ path: field, message: `no partner ${partnerId} in this workspace` }]);
  }
  return partnerId ?? null;
}

/** `--partner ID` (or `--partner-id ID`): the partner a partner member is. */
export const partnerFlag: [string, string] = ['--partner <id>', 'with --role partner: the partner this person is (same as --partner-id)'];
export const partnerOfFlags = (opts: Record<string, unknown>): unknown => opts.partnerId ?? opts.partner;

/**
 * Makes `email` a member of the caller's workspace with `role`: the person's id and whether the
 * account was created now. 409 when they are a member already.
 */
export async function addMember(ctx: OperationContext, input: { email: string; role: Role; partner_id?: string; password?: string }): Promise<{ member: Member; created: boolean }> {
  if (input.role === 'owner') requireOwnerChange(ctx, 'make a person owner');
  const partnerId = await checkedPartner(ctx, input.role, input.partner_id);
  const email = input.email.trim().toLowerCase();
  let person = await ctx.store.findPersonByEmail(email);
  let created = false;
  if (person && input.password !== undefined) {
    throw invalid(fieldOf(ctx, 'password'), 'this e-mail has an account already: its password is its owner\'s (a reset link: `roilens people reset-link`)');
  }
  if (!person) {
    const hash = input.password === undefined ? null : await hashPassword(input.password);
    created = await ctx.store.createPerson({ id: `per_${randomBytes(8).toString('hex')}`, email, created_at: new Date().toISOString(), password_hash: hash });
    person = await ctx.store.findPersonByEmail(email);
    if (!person) throw new AppError('internal', `person ${email} is missing right after it was stored`);
  }
  const existing = (await ctx.store.membershipsOf(person.id)).find((m) => m.workspace_id === ctx.workspaceId);
  if (existing) throw new AppError('conflict', `${email} is a member of this workspace already (role ${existing.role}); change the role with \`people role\``);
  await ctx.store.setMembership({ person_id: person.id, workspace_id: ctx.workspaceId, role: input.role, partner_id: partnerId, created_at: new Date().toISOString() });
  return { member: await memberOf(ctx, person.id), created };
}

export const peopleAddOperation = defineOperation({
  name: 'people.add',
  summary: 'Add a person to the workspace with a role (owner, admin, analyst, viewer, partner); a new e-mail becomes an account (with the password given, or none until they accept an invitation)',
  tags: ['admin'],
  scope: 'admin',
  http: { method: 'POST', path: '/v1/members', status: 201 },
  input: z.object({
    email: emailSchema.describe('the person\'s e-mail'),
    role: roleSchema.describe('owner | admin | analyst | viewer | partner'),
    partner_id: partnerIdSchema.optional().describe('with role partner: the partner this person is'),
    password: passwordSchema.optional().describe(`a new account's password (${passwordLength.min}–${passwordLength.max} characters)`),
  }),
  output: memberShape.extend({ created: z.boolean().describe('the account was created now') }),
  cli: {
    command: 'people add',
    description: 'add a person to the workspace (--workspace ID) with a role; --password-file sets a new account\'s password',
    formats: ['table', 'json'],
    flags: { email: { value: '<email>', required: true }, role: { value: '<role>', required: true }, partner_id: { value: '<id>' } },
    hidden: ['password'],
    options: [['--password-file <file>', 'a file holding the new account\'s password (its first line)'], partnerFlag],
    input: (opts, _format, tools) => ({
      email: opts.email, role: opts.role, partner_id: partnerOfFlags(opts),
      password: typeof opts.passwordFile === 'string' ? tools.readTextFile(opts.passwordFile, '--password-file').split(/\r?\n/)[0] : undefined,
    }),
  },
  handler: async (ctx, input) => {
    const { member, created } = await addMember(ctx, input);
    return { ...memberAnswer(member), created };
  },
});

export const peopleListOperation = defineOperation({
  name: 'people.list',
  summary: 'The workspace\'s people with their roles (never a password or secret)',
  tags: ['admin'],
  scope: 'admin',
  http: { method: 'GET', path: '/v1/members' },
  input: z.object({}),
  output: z.object({ people: z.array(memberShape) }),
  list: { items: 'people', order: [{ by: (p) => p.email }] },
  cli: { command: 'people list', description: 'list the workspace\'s people and roles' },
  handler: async (ctx) => ({ people: (await ctx.store.listMembers(ctx.workspaceId)).map(memberAnswer) }),
});

export const peopleRoleOperation = defineOperation({
  name: 'people.role',
  summary: 'Change a person\'s role in the workspace (only an owner grants or takes owner; the last owner stays)',
  tags: ['admin'],
  scope: 'admin',
  http: { method: 'PATCH', path: '/v1/members/:person' },
  input: z.object({
    person: z.string().min(1).max(254).describe('the person\'s id or e-mail'),
    role: roleSchema.describe('owner | admin | analyst | viewer | partner'),
    partner_id: partnerIdSchema.optional().describe('with role partner: the partner this person is'),
  }),
  output: memberShape,
  cli: {
    command: 'people role', description: 'change a person\'s role', args: ['person'], flags: { role: { value: '<role>', required: true }, partner_id: { value: '<id>' } },
    options: [partnerFlag], input: (opts) => ({ role: opts.role, partner_id: partnerOfFlags(opts) }),
  },
  handler: async (ctx, input) => {
    const member = await memberOf(ctx, input.person);
    if (input.role === 'owner' || member.role === 'owner') requireOwnerChange(ctx, 'grant or take the owner role');
    await keepAnOwner(ctx, member, input.role);
    const partnerId = await checkedPartner(ctx, input.role, input.partner_id);
    await ctx.store.setMembership({ person_id: member.person_id, workspace_id: ctx.workspaceId, role: input.role, partner_id: partnerId, created_at: member.created_at });
    return memberAnswer(await memberOf(ctx, member.person_id));
  },
});

export const peopleRemoveOperation = defineOperation({
  name: 'people.remove',
  summary: 'Remove a person from the workspace (their account and other workspaces stay; only an owner removes an owner; the last owner stays)',
  tags: ['admin'],
  scope: 'admin',
  http: { method: 'DELETE', path: '/v1/members/:person' },
  input: z.object({ person: z.string().min(1).max(254).describe('the person\'s id or e-mail') }),
  output: z.object({ id: z.string(), removed: z.literal(true) }),
  cli: { command: 'people remove', description: 'remove a person from the workspace', args: ['person'] },
  handler: async (ctx, input) => {
    const member = await memberOf(ctx, input.person);
    if (member.role === 'owner') requireOwnerChange(ctx, 'remove an owner');
    await keepAnOwner(ctx, member, undefined);
    await ctx.store.removeMembership(ctx.workspaceId, member.person_id);
    return { id: member.person_id, removed: true as const };
  },
});
