import type { PersonSecrets } from '../../records/people.js';
import { AppError } from '../../shared/errors.js';
import type { OperationContext } from '../core/define.js';
import type { HttpExchange } from '../core/http-exchange.js';
import { peopleSide } from './person-sign-in.js';
import { crossOriginWrite, sessionCookieName, sessionIdIn } from './session-cookie.js';

/**
 * The person this browser's cookie signs in (their own account's operations: password, second
 * factor), with the exchange; 401 when nobody is, 403 for a write from another origin.
 */
export async function signedInPerson(ctx: OperationContext): Promise<{ person: PersonSecrets; http: HttpExchange }> {
  if (!ctx.http) throw new AppError('unavailable', 'no roilens server is running on this database: `roilens start` serves it');
  const id = sessionIdIn(ctx.http.cookie(sessionCookieName));
  const found = id === undefined ? undefined : await peopleSide(ctx).find(id);
  const person = found && (await ctx.store.getPerson(found.personId));
  if (!person) throw new AppError('unauthorized', 'sign in first: this is your own account\'s setting');
  if (!ctx.http.sameOrigin) throw crossOriginWrite();
  return { person, http: ctx.http };
}
