/**
 * The admin token is an owner's secret key stored by its hash (design.md, issue 15): a new database's
 * generated one is shown once and never stored in plain text; an older release's plain `admin_token`
 * setting becomes that key on upgrade (the setting emptied) and keeps working; `ROILENS_ADMIN_TOKEN`
 * is never stored.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openWorkspace } from '../../src/server/start.js';
import { Credentials } from '../../src/server/credentials.js';
import { keyHash } from '../../src/operations/admin/key-material.js';
import { DuckDbStore } from '../../src/store/duckdb/duckdb-store.js';
import { legacyAdminTokenSetting, ownerKeyId } from '../../src/server/open-workspace.js';

let store: DuckDbStore | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

/** Every text the metadata tables hold: a plain token must be in none of them. */
async function storedText(s: DuckDbStore): Promise<string> {
  const exp = await s.exporter();
  try {
    return JSON.stringify([await exp.settings(), await s.listApiKeys('default'), await exp.workspaces()]);
  } finally {
    exp.close();
  }
}

describe('the owner key', () => {
  it('a new database gets one, shown once, stored only as its SHA-256; it stays valid on the next open', async () => {
    store = await DuckDbStore.open(':memory:');
    const { adminToken } = await openWorkspace(store, {});
    expect(adminToken).toMatch(/^rl_sk_[A-Za-z0-9_-]{43}$/);
    expect(await storedText(store)).not.toContain(adminToken!.slice(6));
    expect(await store.findApiKey(keyHash(adminToken!))).toMatchObject({ id: ownerKeyId, workspace_id: 'default', kind: 'secret', scopes: ['admin'], revoked_at: null });
    expect((await openWorkspace(store, {})).adminToken).toBeUndefined();
    const credentials = new Credentials(store, { workspaceId: 'default' });
    expect(await credentials.resolve(adminToken!)).toEqual({ kind: 'secret-key', workspaceId: 'default', scopes: ['admin'], keyId: ownerKeyId });
  });

  it('an older release\'s plain admin token becomes the owner key: the setting is emptied and the token still works', async () => {
    store = await DuckDbStore.open(':memory:');
    await store.setSetting(legacyAdminTokenSetting, 'adm_0123456789abcdef0123456789abcdef01234567');
    const { adminToken } = await openWorkspace(store, {});
    expect(adminToken).toBeUndefined();
    expect(await store.getSetting(legacyAdminTokenSetting)).toBe('');
    expect(await storedText(store)).not.toContain('0123456789abcdef0123');
    const credentials = new Credentials(store, { workspaceId: 'default' });
    expect(await credentials.resolve('adm_0123456789abcdef0123456789abcdef01234567')).toMatchObject({ kind: 'secret-key', workspaceId: 'default', scopes: ['admin'] });
    expect(await credentials.resolve('adm_wrong')).toBeUndefined();
    // Opening again changes nothing: one owner key.
    await openWorkspace(store, {});
    expect((await store.listApiKeys('default')).filter((k) => k.id === ownerKeyId)).toHaveLength(1);
  });

  it('ROILENS_ADMIN_TOKEN is held in memory only: nothing is stored, and no other key is generated', async () => {
    store = await DuckDbStore.open(':memory:');
    const { adminToken } = await openWorkspace(store, { adminToken: 'env-token-xyz' });
    expect(adminToken).toBe('env-token-xyz');
    expect(await storedText(store)).not.toContain('env-token-xyz');
    expect(await store.listApiKeys('default')).toEqual([]);
    const credentials = new Credentials(store, { workspaceId: 'default', adminToken: 'env-token-xyz' });
    expect(await credentials.resolve('env-token-xyz')).toMatchObject({ kind: 'secret-key', scopes: ['admin'] });
  });
});
