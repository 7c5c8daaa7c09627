/**
 * `roilens people add|list|role|remove|invite|reset-link` in process on the database (issue 15): the CLI
 * acts as the operator. `--password-file` sets a new account's password (its first line), stored as an
 * argon2id hash; a running server then signs that person in with it; an invitation prints a link whose
 * code that server accepts once.
 */
import { writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { DuckDbStore } from '../../src/store/duckdb/duckdb-store.js';
import { startServer } from '../../src/server/start.js';
import { roilens } from '../helpers/roilens-cli.js';
import { tempDir } from '../helpers/temp.js';

describe('roilens people', { timeout: 300_000 }, () => {
  const tmp = tempDir();
  const db = `${tmp.dir}/people.duckdb`;
  afterAll(() => tmp.cleanup());
  const json = async (...args: string[]) => {
    const res = await roilens(...args, '--format', 'json', '--db', db);
    expect(res.code, res.stderr).toBe(0);
    return JSON.parse(res.stdout);
  };

  it('adds, lists, changes and removes people; refuses bad input naming the flag; the password file\'s password signs in', async () => {
    const first = await startServer({ dbPath: db, port: 0, demo: false, quiet: true, adminToken: 'adm', ownerEmail: 'boss@shop.example' });
    expect(first.firstOwner?.email).toBe('boss@shop.example');
    await first.close();
    writeFileSync(`${tmp.dir}/pw.txt`, 'a long enough secret\nignored second line\n');
    const added = await json('people', 'add', '--email', 'Ana@Shop.example', '--workspace', 'default', '--role', 'analyst', '--password-file', `${tmp.dir}/pw.txt`);
    expect(added).toMatchObject({ email: 'ana@shop.example', role: 'analyst', has_password: true, created: true });
    const badRole = await roilens('people', 'add', '--email', 'x@shop.example', '--role', 'boss', '--db', db);
    expect([badRole.code === 0, badRole.stderr]).toEqual([false, expect.stringContaining('--role')]);
    const badEmail = await roilens('people', 'add', '--email', 'no-at-sign', '--role', 'viewer', '--db', db);
    expect([badEmail.code === 0, badEmail.stderr]).toEqual([false, expect.stringContaining('--email')]);
    expect((await json('people', 'role', 'ana@shop.example', '--role', 'viewer')).role).toBe('viewer');
    const listed = await json('people', 'list');
    expect(listed.people.map((p: { email: string; role: string }) => [p.email, p.role])).toEqual([['ana@shop.example', 'viewer'], ['boss@shop.example', 'owner']]);
    const invited = await json('people', 'invite', '--email', 'ivo@shop.example', '--role', 'viewer');
    expect(invited.url).toMatch(/^http:\/\/localhost:\d+\/#invite=[A-Za-z0-9_-]{43}$/);
    const lastOwner = await roilens('people', 'remove', 'boss@shop.example', '--db', db);
    expect([lastOwner.code === 0, lastOwner.stderr]).toEqual([false, expect.stringContaining('last owner')]);

    const stored = await DuckDbStore.open(db);
    const hash = (await stored.findPersonByEmail('ana@shop.example'))?.password_hash;
    await stored.close();
    expect(hash).toMatch(/^\$argon2id\$/);

    const server = await startServer({ dbPath: db, port: 0, demo: false, quiet: true, adminToken: 'adm' });
    try {
      expect(server.firstOwner).toBeUndefined();
      const signIn = (password: string) => fetch(`${server.url}/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'ana@shop.example', password }) });
      expect((await signIn('a long enough secret')).status).toBe(200);
      expect((await signIn('ignored second line')).status).toBe(401);
      const code = invited.url.split('#invite=')[1];
      const accept = () => fetch(`${server.url}/v1/invitations/accept`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, password: 'ivo password 1' }) });
      expect((await accept()).status).toBe(200);
      expect((await accept()).status).toBe(401);
    } finally {
      await server.close();
    }
    expect((await json('people', 'remove', 'ana@shop.example')).removed).toBe(true);
  });
});
