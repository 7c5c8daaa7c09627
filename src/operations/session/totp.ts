/** TOTP second factors (RFC 6238, 6 digits, 30 s; otplib), accepting the code of the step before or after for clock drift. */
import { generateSecret, generateURI, verify } from 'otplib';

/** A fresh base32 secret and the otpauth URI an authenticator app reads it from. */
export function newTotpSecret(email: string): { secret: string; uri: string } {
  const secret = generateSecret();
  return { secret, uri: generateURI({ issuer: 'roilens', label: email, secret }) };
}

/** Whether `token` is the code of `secret` at `nowMs` (±30 s). */
export async function totpMatches(secret: string, token: string, nowMs: number): Promise<boolean> {
  return (await totpStepOf(secret, token, nowMs)) !== undefined;
}

/** The time step whose code `token` is (within ±30 s of `nowMs`), or undefined. */
export async function totpStepOf(secret: string, token: string, nowMs: number): Promise<number | undefined> {
  if (!/^\d{6}$/.test(token)) return undefined;
  const result = await verify({ secret, token, epoch: Math.floor(nowMs / 1000), epochTolerance: 30 }).catch(() => ({ valid: false as const }));
  return result.valid && 'timeStep' in result ? result.timeStep : undefined;
}
