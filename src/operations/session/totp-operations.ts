/**
 * The optional TOTP second factor of the signed-in person (issue 15): enrol (`POST /v1/session/totp`:
 * the secret, shown once, as an otpauth URI for an authenticator app), confirm it with a first code
 * (`POST /v1/session/totp/confirm`: from then on sign-in needs `totp`), and disable it with the
 * password (`POST /v1/session/totp/disable`).
 */
import { z } from 'zod';
import { AppError, invalid } from '../../shared/errors.js';
import { defineOperation } from '../core/define.js';
import { passwordLength, passwordMatches } from './passwords.js';
import { peopleSide } from './person-sign-in.js';
import { signedInPerson } from './signed-in-person.js';
import { newTotpSecret, totpMatches } from './totp.js';

const browserOnly = 'a browser does this: the session is an HttpOnly cookie only a browser keeps';
const code = z.string().min(1).max(12).describe('the 6-digit code the authenticator app shows');

export const totpEnrolOperation = defineOperation({
  name: 'session.totp_enrol',
  summary: 'Start a TOTP second factor: its secret, shown once, as an otpauth URI (on only once confirmed with a code)',
  tags: ['session'],
  scope: 'public',
  http: { method: 'POST', path: '/v1/session/totp', headers: { 'cache-control': 'no-store' } },
  cli: { none: browserOnly },
  input: z.object({}),
  output: z.object({ secret: z.string().describe('base32'), uri: z.string().describe('otpauth://totp/… for an authenticator app (a QR code of it)') }),
  async handler(ctx) {
    const { person } = await signedInPerson(ctx);
    if (person.totp_secret !== null) throw new AppError('conflict', 'a second factor is on already: disable it first');
    const enrolled = newTotpSecret(person.email);
    await ctx.store.updatePerson(person.id, { totp_pending: enrolled.secret });
    return enrolled;
  },
});

export const totpConfirmOperation = defineOperation({
  name: 'session.totp_confirm',
  summary: 'Turn the enrolled TOTP second factor on with a first code from the authenticator app',
  tags: ['session'],
  scope: 'public',
  http: { method: 'POST', path: '/v1/session/totp/confirm' },
  cli: { none: browserOnly },
  input: z.object({ totp: code }),
  output: z.object({ totp: z.literal(true) }),
  async handler(ctx, input) {
    const { person } = await signedInPerson(ctx);
    if (person.totp_pending === null) throw new AppError('conflict', 'no second factor is being enrolled: POST /v1/session/totp first');
    if (!(await totpMatches(person.totp_pending, input.totp, peopleSide(ctx).now()))) throw invalid('totp', 'wrong or expired code');
    await ctx.store.updatePerson(person.id, { totp_secret: person.totp_pending, totp_pending: null });
    return { totp: true as const };
  },
});

export const totpDisableOperation = defineOperation({
  name: 'session.totp_disable',
  summary: 'Turn the TOTP second factor off (the password is required)',
  tags: ['session'],
  scope: 'public',
  http: { method: 'POST', path: '/v1/session/totp/disable' },
  cli: { none: browserOnly },
  input: z.object({ password: z.string().min(1).max(passwordLength.max).describe('the account\'s password') }),
  output: z.object({ totp: z.literal(false) }),
  async handler(ctx, input) {
    const { person } = await signedInPerson(ctx);
    const wait = peopleSide(ctx).attempt(person.email, ctx.address);
    if (wait !== null) throw new AppError('rate_limited', `too many attempts; retry after ${wait} s`, [], wait);
    if (!(await passwordMatches(input.password, person.password_hash))) throw new AppError('unauthorized', 'password: wrong', [{ path: 'password', message: 'wrong' }]);
    await ctx.store.updatePerson(person.id, { totp_secret: null, totp_pending: null });
    return { totp: false as const };
  },
});
