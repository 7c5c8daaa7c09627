/**
 * Settings of people's sign-in (issue 15), read once from the environment: how long an idle session
 * lasts (`ROILENS_SESSION_IDLE_HOURS`, default 12), the sign-in attempts allowed per e-mail and per
 * address in 15 minutes (`ROILENS_SIGNIN_PER_EMAIL` 5, `ROILENS_SIGNIN_PER_ADDRESS` 20), the SMTP
 * server invitations and password resets go out through (`ROILENS_SMTP_URL`, e.g.
 * `smtp://user:pass@mail.example:587`; unset: links are only printed) and their sender
 * (`ROILENS_SMTP_FROM`), the first owner's e-mail (`ROILENS_OWNER_EMAIL`, default `owner@localhost`)
 * and the address links point to when no request names one (`ROILENS_PUBLIC_URL`).
 */
import { invalid } from '../shared/errors.js';

export interface SignInSettings {
  idleMs: number;
  /** The window the attempt limits count in (15 minutes). */
  windowMs: number;
  perEmail: number;
  perAddress: number;
}

export interface MailSettings {
  smtpUrl?: string;
  from: string;
}

function number(env: NodeJS.ProcessEnv, name: string, fallback: number, check: (n: number) => boolean, expected: string): number {
  const text = env[name]?.trim();
  if (!text) return fallback;
  const n = Number(text);
  if (!check(n)) throw invalid(name, `expected ${expected}, got "${text}"`);
  return n;
}

/** The session and sign-in limits (a bad value throws, naming the setting). */
export function signInSettings(env: NodeJS.ProcessEnv = process.env): SignInSettings {
  const hours = number(env, 'ROILENS_SESSION_IDLE_HOURS', 12, (n) => n > 0 && n <= 24 * 90, 'hours above 0 (at most 2160)');
  const whole = (n: number) => Number.isInteger(n) && n >= 0;
  return {
    idleMs: Math.round(hours * 3_600_000),
    windowMs: 15 * 60_000,
    perEmail: number(env, 'ROILENS_SIGNIN_PER_EMAIL', 5, whole, 'a whole number ≥ 0 (0: no limit)'),
    perAddress: number(env, 'ROILENS_SIGNIN_PER_ADDRESS', 20, whole, 'a whole number ≥ 0 (0: no limit)'),
  };
}

/** Where e-mail goes out (none: links are printed only). */
export function mailSettings(env: NodeJS.ProcessEnv = process.env): MailSettings {
  const url = env.ROILENS_SMTP_URL?.trim() || undefined;
  if (url !== undefined && !/^smtps?:\/\//.test(url)) throw invalid('ROILENS_SMTP_URL', `expected smtp://… or smtps://…, got "${url.replace(/\/\/[^@/]*@/, '//…@')}"`);
  return { ...(url ? { smtpUrl: url } : {}), from: env.ROILENS_SMTP_FROM?.trim() || 'roilens <roilens@localhost>' };
}

/** The e-mail of the owner the first start creates. */
export function firstOwnerEmail(env: NodeJS.ProcessEnv = process.env): string {
  return (env.ROILENS_OWNER_EMAIL?.trim() || 'owner@localhost').toLowerCase();
}

/** Where links point when no request names the server (the CLI in process): `ROILENS_PUBLIC_URL`, else localhost on `PORT`. */
export function publicUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.ROILENS_PUBLIC_URL?.trim() || `http://localhost:${env.PORT?.trim() || '8080'}`;
}
