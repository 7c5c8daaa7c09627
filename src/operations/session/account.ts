/**
 * A person's own account (issue 15): `PUT /v1/session/password` sets the signed-in person's password
 * (the current one required when set); `POST /v1/invitations/accept {code,password}` spends an
 * invitation's or a password reset's code, sets the password and signs in (a reset signs out every
 * other session first); `POST /v1/password-reset {email}` always answers 202 and e-mails a reset link
 * when the e-mail has an account and SMTP is configured.
 */
import { z } from 'zod';
import { mailSettings, publicUrl } from '../../config/people-config.js';
import { sendMail } from '../../shared/outbound/smtp.js';
import { AppError } from '../../shared/errors.js';
import { defineOperation } from '../core/define.js';
import { emailSchema, hashPassword, passwordLength, passwordMatches } from './passwords.js';
import { mintPersonCode, personCodeUrl, spendPersonCode } from './person-codes.js';
import { openPersonSession, peopleSide } from './person-sign-in.js';
import { signedInPerson } from './signed-in-person.js';

const browserOnly = 'a browser does this: the session is an HttpOnly cookie only a browser keeps';
const password = z.string().min(passwordLength.min).max(passwordLength.max);

export const passwordSetOperation = defineOperation({
  name: 'session.password',
  summary: 'Set the signed-in person\'s password (the current one is required when one is set)',
  tags: ['session'],
  scope: 'public',
  http: { method: 'PUT', path: '/v1/session/password' },
  cli: { none: browserOnly },
  input: z.object({
    password: password.describe(`the new password (${passwordLength.min}–${passwordLength.max} characters)`),
    current_password: z.string().max(passwordLength.max).optional().describe('the password now (required when one is set)'),
  }),
  output: z.object({ changed: z.literal(true) }),
  async handler(ctx, input) {
    const { person } = await signedInPerson(ctx);
    if (person.password_hash !== null) {
      const wait = peopleSide(ctx).attempt(person.email, ctx.address);
      if (wait !== null) throw new AppError('rate_limited', `too many attempts; retry after ${wait} s`, [], wait);
      if (input.current_password === undefined || !(await passwordMatches(input.current_password, person.password_hash))) {
        throw new AppError('unauthorized', 'current_password: wrong or missing', [{ path: 'current_password', message: 'wrong or missing' }]);
      }
    }
    await ctx.store.updatePerson(person.id, { password_hash: await hashPassword(input.password) });
    return { changed: true as const };
  },
});

export const invitationAcceptOperation = defineOperation({
  name: 'invitations.accept',
  summary: 'Accept an invitation or a password reset: spend its code (single-use), set the password and sign in (a reset ends every other session)',
  tags: ['session'],
  scope: 'public',
  http: { method: 'POST', path: '/v1/invitations/accept', headers: { 'cache-control': 'no-store' } },
  cli: { none: browserOnly },
  input: z.object({
    code: z.string().min(1).max(256).describe('the code of the link (after #invite= or #reset=)'),
    password: password.describe(`the new password (${passwordLength.min}–${passwordLength.max} characters)`),
  }),
  output: z.object({ signed_in: z.boolean(), expires_at: z.iso.datetime().optional() }),
  async handler(ctx, input) {
    const people = peopleSide(ctx);
    if (!ctx.http) throw new AppError('unavailable', 'no roilens server is running on this database');
    const invited = await spendPersonCode(ctx.store, input.code, 'invite', people.now());
    const personId = invited ?? (await spendPersonCode(ctx.store, input.code, 'reset', people.now()));
    if (personId === undefined) {
      const message = 'unknown, already used or expired link (an invitation is valid 7 days, a reset 1 hour)';
      throw new AppError('unauthorized', `code: ${message}`, [{ path: 'code', message }]);
    }
    await ctx.store.updatePerson(personId, { password_hash: await hashPassword(input.password) });
    if (invited === undefined) await people.revokeAll(personId);
    return openPersonSession(ctx, ctx.http, personId);
  },
});

export const passwordResetRequestOperation = defineOperation({
  name: 'password_reset.request',
  summary: 'Ask for a password reset link by e-mail: always 202, whether or not the e-mail has an account (sent only when it has one and SMTP is configured)',
  tags: ['session'],
  scope: 'public',
  http: { method: 'POST', path: '/v1/password-reset', status: 202 },
  cli: { none: 'the operator prints a reset link with `roilens people reset-link --email E`' },
  input: z.object({ email: emailSchema.describe('the account\'s e-mail') }),
  output: z.object({ accepted: z.literal(true) }),
  async handler(ctx, input) {
    const people = peopleSide(ctx);
    const wait = people.attempt(input.email, ctx.address);
    if (wait !== null) throw new AppError('rate_limited', `too many requests for this e-mail or from this address; retry after ${wait} s`, [], wait);
    const mail = mailSettings();
    const person = await ctx.store.findPersonByEmail(input.email);
    if (person && person.disabled_at === null && mail.smtpUrl) {
      const { code } = await mintPersonCode(ctx.store, person.id, 'reset', people.now());
      const url = personCodeUrl(ctx.http?.origin ?? publicUrl(), 'reset', code);
      // Not awaited: the answer comes as fast whether or not a message goes out.
      sendMail(mail.smtpUrl, mail.from, { to: person.email, subject: 'Reset your roilens password', text: resetText(url) })
        .catch((err: Error) => process.stderr.write(`roilens: a password reset e-mail to ${person.email} failed: ${err.message}\n`));
    }
    return { accepted: true as const };
  },
});

export function resetText(url: string): string {
  return `Someone asked to reset the password of your roilens account.\n\nSet a new password within an hour (the link works once):\n${url}\n\nIf it was not you, ignore this message.\n`;
}
