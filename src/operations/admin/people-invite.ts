/**
 * `POST /v1/invitations` ↔ `roilens people invite`, `POST /v1/password-reset/links` ↔ `roilens people
 * reset-link` (issue 15): one-time links that set a password (`POST /v1/invitations/accept`), printed
 * and, when SMTP is configured (`ROILENS_SMTP_URL`), e-mailed. An invitation of a new e-mail creates
 * the person and their membership at once; an e-mail that has an account (or belongs to another
 * workspace) only gains the membership and gets no link: a link that sets a password is never handed
 * to someone who could take over an account with access elsewhere. Reset links are the operator's.
 */
import { z } from 'zod';
import { mailSettings, publicUrl } from '../../config/people-config.js';
import { roles } from '../../records/people.js';
import { AppError } from '../../shared/errors.js';
import { sendMail } from '../../shared/outbound/smtp.js';
import { defineOperation, type OperationContext } from '../core/define.js';
import { resetText } from '../session/account.js';
import { codeTtlMs, mintPersonCode, personCodeUrl } from '../session/person-codes.js';
import { emailSchema } from '../session/passwords.js';
import { addMember, partnerFlag, partnerOfFlags } from './people.js';

const linkAnswer = {
  url: z.string().nullable().describe('the one-time link (null: the e-mail has an account already, which only gained the membership)'),
  expires_at: z.string().nullable(),
  emailed: z.boolean().describe('the link went out by e-mail (SMTP configured)'),
};

/** E-mails `text` when SMTP is configured: whether it went out (a failure is answered, not thrown: the link is printed anyway). */
async function mailed(to: string, subject: string, text: string): Promise<boolean> {
  const mail = mailSettings();
  if (!mail.smtpUrl) return false;
  try {
    await sendMail(mail.smtpUrl, mail.from, { to, subject, text });
    return true;
  } catch (err) {
    process.stderr.write(`roilens: e-mail to ${to} failed: ${(err as Error).message}\n`);
    return false;
  }
}

function baseUrl(ctx: OperationContext): string {
  return ctx.http?.origin ?? publicUrl();
}

export const peopleInviteOperation = defineOperation({
  name: 'people.invite',
  summary: 'Invite a person to the workspace with a role: a one-time link (7 days) that sets their password, printed and e-mailed when SMTP is configured',
  tags: ['admin'],
  scope: 'admin',
  http: { method: 'POST', path: '/v1/invitations', status: 201 },
  input: z.object({
    email: emailSchema.describe('the person\'s e-mail'),
    role: z.enum(roles).describe('owner | admin | analyst | viewer | partner'),
    partner_id: z.string().min(1).max(200).optional().describe('with role partner: the partner this person is'),
  }),
  output: z.object({ id: z.string(), email: z.string(), role: z.enum(roles), ...linkAnswer }),
  cli: {
    command: 'people invite',
    description: 'invite a person to the workspace (--workspace ID): prints a one-time link (7 days) that sets their password',
    formats: ['table', 'json'],
    flags: { email: { value: '<email>', required: true }, role: { value: '<role>', required: true }, partner_id: { value: '<id>' } },
    options: [partnerFlag],
    input: (opts) => ({ email: opts.email, role: opts.role, partner_id: partnerOfFlags(opts) }),
    print(answer, format, _input, tools) {
      if (format === 'json') return tools.printResult(answer, 'json');
      const how = answer.url ? `${answer.url}\nIt sets ${answer.email}'s password once, until ${answer.expires_at}${answer.emailed ? ' (also e-mailed)' : ''}.` : `${answer.email} has an account already: they sign in as they do and now see this workspace.`;
      process.stdout.write(`${how}\n`);
    },
  },
  handler: async (ctx, input) => {
    const { member } = await addMember(ctx, input);
    const elsewhere = (await ctx.store.membershipsOf(member.person_id)).some((m) => m.workspace_id !== ctx.workspaceId);
    if (member.has_password || elsewhere) return { id: member.person_id, email: member.email, role: member.role, url: null, expires_at: null, emailed: false };
    const { code, expiresAt } = await mintPersonCode(ctx.store, member.person_id, 'invite');
    const url = personCodeUrl(baseUrl(ctx), 'invite', code);
    const text = `You are invited to a roilens workspace as ${member.role}.\n\nSet your password within ${codeTtlMs.invite / 86_400_000} days (the link works once):\n${url}\n`;
    const emailed = await mailed(member.email, 'Your roilens invitation', text);
    return { id: member.person_id, email: member.email, role: member.role, url, expires_at: expiresAt.toISOString(), emailed };
  },
});

export const peopleResetLinkOperation = defineOperation({
  name: 'people.reset_link',
  summary: 'A one-time password reset link (1 hour) for an account (the installation operator only), printed and e-mailed when SMTP is configured',
  tags: ['admin'],
  scope: 'admin',
  operatorOnly: true,
  http: { method: 'POST', path: '/v1/password-reset/links', status: 201 },
  input: z.object({ email: emailSchema.describe('the account\'s e-mail') }),
  output: z.object({ email: z.string(), ...linkAnswer }),
  cli: {
    command: 'people reset-link',
    description: 'print a one-time password reset link (1 hour) for an account',
    formats: ['table', 'json'],
    flags: { email: { value: '<email>', required: true } },
    print(answer, format, _input, tools) {
      if (format === 'json') return tools.printResult(answer, 'json');
      process.stdout.write(`${answer.url}\nIt sets ${answer.email}'s password once, until ${answer.expires_at}${answer.emailed ? ' (also e-mailed)' : ''}.\n`);
    },
  },
  handler: async (ctx, input) => {
    const person = await ctx.store.findPersonByEmail(input.email);
    if (!person) throw new AppError('not_found', `no account ${input.email.toLowerCase()}`);
    const { code, expiresAt } = await mintPersonCode(ctx.store, person.id, 'reset');
    const url = personCodeUrl(baseUrl(ctx), 'reset', code);
    const emailed = await mailed(person.email, 'Reset your roilens password', resetText(url));
    return { email: person.email, url, expires_at: expiresAt.toISOString(), emailed };
  },
});
