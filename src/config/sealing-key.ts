/**
 * The key that seals secrets at rest (issue 16: partners' bank and PayPal details), read once per
 * process: `ROILENS_SEALING_KEY` (32 bytes as 64 hex digits or base64), else a key file beside the
 * database, `<db>.sealing.key` (made on first use with mode 0600, like `<db>.server.json`). A database
 * in memory (tests) gets a key for the life of the process. The server and the CLI install the key
 * of their database at start (`installSealingKey`); the partner money operations read it with
 * `sealingKey()`. Losing the key file loses the sealed details (they are asked for again), nothing else.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { invalid } from '../shared/errors.js';

const keyBytes = 32;

/** The key `ROILENS_SEALING_KEY` gives, or undefined when it is unset (a bad value throws, naming it). */
export function sealingKeyFromEnv(env: NodeJS.ProcessEnv = process.env): Buffer | undefined {
  const text = env.ROILENS_SEALING_KEY?.trim();
  if (!text) return undefined;
  const key = /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (key.length !== keyBytes) throw invalid('ROILENS_SEALING_KEY', 'expected 32 bytes as 64 hex digits or base64 (openssl rand -hex 32)');
  return key;
}

/** Where the key file of a database lives. */
export const sealingKeyPath = (dbPath: string) => `${dbPath}.sealing.key`;

/** The key file beside `dbPath`, made (mode 0600) when missing. */
function keyBeside(dbPath: string): Buffer {
  const path = sealingKeyPath(dbPath);
  if (existsSync(path)) {
    const key = Buffer.from(readFileSync(path, 'utf8').trim(), 'hex');
    if (key.length !== keyBytes) throw invalid(path, 'the sealing key file must hold 64 hex digits');
    return key;
  }
  const key = randomBytes(keyBytes);
  writeFileSync(path, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(path, 0o600);
  return key;
}

let database: string | undefined;
let key: Buffer | undefined;

/** Says which database this process serves: its key file is read (or made) when a secret is first sealed or opened. */
export function installSealingKey(dbPath: string): void {
  if (database !== dbPath) key = undefined;
  database = dbPath;
}

/** The key: the environment's, else the database's key file; without a database file (an in-memory store under test), one for the life of the process. */
export function sealingKey(env: NodeJS.ProcessEnv = process.env): Buffer {
  key ??= sealingKeyFromEnv(env) ?? (database === undefined || database === ':memory:' ? randomBytes(keyBytes) : keyBeside(database));
  return key;
}
