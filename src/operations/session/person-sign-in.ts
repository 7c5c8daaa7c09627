/**
 * How a person signs in (issue 15, design.md "sign-in"): with their e-mail and password (and the code
 * of their authenticator app when TOTP is on), or with a single-use code from a printed link. Attempts
 * are limited per e-mail and per address (429 `rate_limited` with Retry-After); an unknown e-mail, a
 * wrong password and a disabled person all answer the same 401 after the same argon2id work, so the
 * answer never tells whether an e-mail has an account.
 */
import { AppError } from '../../shared/errors.js';
import type { OperationContext } from '../core/define.js';
import type { HttpExchange, PersonSessionKeeper } from '../core/http-exchange.js';
import { passwordMatches } from './passwords.js';
import { sessionCookie } from './session-cookie.js';
import { totpStepOf } from './totp.js';

export interface PasswordSignIn {
  email: string;
  password: string;
  totp?: string;
}

const refused = 'wrong e-mail or password';

/** The people side of the server, or 503 where no server runs. */
export function peopleSide(ctx: OperationContext): PersonSessionKeeper {
  if (!ctx.people) throw new AppError('unavailable', 'no roilens server is running on this database: `roilens start` serves it');
  return ctx.people;
}

/** Checks an e-mail and password (and TOTP): the person's id, or 401 / 429. */
export async function personOfPassword(ctx: OperationContext, input: PasswordSignIn): Promise<string> {
  const people = peopleSide(ctx);
  const wait = people.attempt(input.email, ctx.address);
  if (wait !== null) throw new AppError('rate_limited', `too many sign-in attempts for this e-mail or from this address; retry after ${wait} s`, [], wait);
  const person = await ctx.store.findPersonByEmail(input.email.trim());
  const matches = await passwordMatches(input.password, person?.password_hash);
  if (!person || !matches || person.disabled_at !== null) throw new AppError('unauthorized', refused, [{ path: 'password', message: refused }]);
  if (person.totp_secret !== null) {
    if (input.totp === undefined) {
      const message = 'this account has a second factor: send the 6-digit code of your authenticator app as totp';
      throw new AppError('unauthorized', `totp: ${message}`, [{ path: 'totp', message }]);
    }
    const step = await totpStepOf(person.totp_secret, input.totp, people.now());
    if (step === undefined || !(await ctx.store.claimTotpStep(person.id, step))) {
      throw new AppError('unauthorized', 'totp: wrong, expired or already used code', [{ path: 'totp', message: 'wrong, expired or already used code' }]);
    }
  }
  return person.id;
}

/** Opens a session of the person and sets its cookie: the answer of a sign-in. */
export async function openPersonSession(ctx: OperationContext, http: HttpExchange, personId: string): Promise<{ signed_in: true; expires_at: string }> {
  const people = peopleSide(ctx);
  const opened = await people.open(personId);
  http.header('set-cookie', sessionCookie(opened.id, people.maxAgeMs / 1000, http.secure));
  return { signed_in: true, expires_at: opened.expiresAt.toISOString() };
}
