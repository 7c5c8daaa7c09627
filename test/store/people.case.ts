/**
 * Contract cases for people, memberships, their sessions and one-time codes (issue 15), on every
 * engine: e-mails unique whatever their case, memberships per workspace, a session found by its
 * hash and revoked one or all, a code spent once, only for its purpose and before it expires.
 */
import { expect, it } from 'vitest';
import type { Store } from '../../src/store/store.js';

export function peopleCases(store: () => Store): void {
  it('people: e-mails are unique whatever their case; memberships per workspace with a role; updates keep the rest', async () => {
    const s = store();
    const before = await s.countPeople();
    expect(await s.createPerson({ id: 'per_a', email: 'Ada@Example.com', created_at: '2026-03-01T00:00:00.000Z', password_hash: '$argon2id$x' })).toBe(true);
    expect(await s.createPerson({ id: 'per_b', email: 'ADA@example.COM', created_at: '2026-03-01T00:00:00.000Z', password_hash: null })).toBe(false);
    expect(await s.createPerson({ id: 'per_c', email: 'cy@example.com', created_at: '2026-03-02T00:00:00.000Z', password_hash: null })).toBe(true);
    expect(await s.countPeople()).toBe(before + 2);
    expect(await s.findPersonByEmail('ada@EXAMPLE.com')).toEqual({
      id: 'per_a', email: 'ada@example.com', created_at: '2026-03-01T00:00:00.000Z', disabled_at: null,
      password_hash: '$argon2id$x', totp_secret: null, totp_pending: null, has_password: true, totp: false,
    });
    await s.updatePerson('per_a', { totp_secret: 'JBSWY3DPEHPK3PXP', disabled_at: '2026-03-03T00:00:00.000Z' });
    expect(await s.getPerson('per_a')).toMatchObject({ password_hash: '$argon2id$x', totp: true, disabled_at: '2026-03-03T00:00:00.000Z' });
    await s.updatePerson('per_a', { disabled_at: null });
    expect((await s.getPerson('per_a'))?.disabled_at).toBeNull();
    expect(await s.getPerson('per_nobody')).toBeUndefined();
    // A TOTP step is claimed once, and never one before the last claimed (a replayed or older code).
    expect(await s.claimTotpStep('per_a', 59_000_005)).toBe(true);
    expect(await s.claimTotpStep('per_a', 59_000_005)).toBe(false);
    expect(await s.claimTotpStep('per_a', 59_000_004)).toBe(false);
    expect(await s.claimTotpStep('per_a', 59_000_006)).toBe(true);
    expect(await s.claimTotpStep('per_c', 59_000_005)).toBe(true);

    await s.setMembership({ person_id: 'per_a', workspace_id: 'ws_people_1', role: 'owner', partner_id: null, created_at: '2026-03-01T00:00:00.000Z' });
    await s.setMembership({ person_id: 'per_a', workspace_id: 'ws_people_2', role: 'viewer', partner_id: null, created_at: '2026-03-02T00:00:00.000Z' });
    await s.setMembership({ person_id: 'per_c', workspace_id: 'ws_people_1', role: 'partner', partner_id: 'prt_9', created_at: '2026-03-02T00:00:00.000Z' });
    await s.setMembership({ person_id: 'per_a', workspace_id: 'ws_people_2', role: 'analyst', partner_id: null, created_at: '2026-03-05T00:00:00.000Z' });
    expect((await s.membershipsOf('per_a')).map((m) => [m.workspace_id, m.role, m.created_at])).toEqual([
      ['ws_people_1', 'owner', '2026-03-01T00:00:00.000Z'], ['ws_people_2', 'analyst', '2026-03-02T00:00:00.000Z'],
    ]);
    expect((await s.listMembers('ws_people_1')).map((m) => [m.email, m.role, m.partner_id, m.has_password])).toEqual([
      ['ada@example.com', 'owner', null, true], ['cy@example.com', 'partner', 'prt_9', false],
    ]);
    expect(await s.removeMembership('ws_people_1', 'per_c')).toBe(true);
    expect(await s.removeMembership('ws_people_1', 'per_c')).toBe(false);
    expect(await s.listMembers('ws_people_2')).toEqual([expect.objectContaining({ person_id: 'per_a', role: 'analyst' })]);
  });

  it('person sessions: found by hash, stamped, revoked one or all; codes spent once, for their purpose, before they expire', async () => {
    const s = store();
    await s.createPersonSession('h1', 'per_a', '2026-03-01T10:00:00.000Z');
    await s.createPersonSession('h2', 'per_a', '2026-03-01T11:00:00.000Z');
    await s.createPersonSession('h3', 'per_c', '2026-03-01T11:00:00.000Z');
    await s.touchPersonSession('h1', '2026-03-01T12:00:00.000Z');
    await s.touchPersonSession('h1', '2026-03-01T11:30:00.000Z');
    expect(await s.findPersonSession('h1')).toEqual({ person_id: 'per_a', created_at: '2026-03-01T10:00:00.000Z', last_seen_at: '2026-03-01T12:00:00.000Z', revoked_at: null });
    expect(await s.findPersonSession('h9')).toBeUndefined();
    // Another person's session is not revoked by naming it.
    expect(await s.revokePersonSessions('per_a', '2026-03-01T13:00:00.000Z', 'h3')).toBe(0);
    expect(await s.revokePersonSessions('per_a', '2026-03-01T13:00:00.000Z', 'h1')).toBe(1);
    expect(await s.revokePersonSessions('per_a', '2026-03-01T14:00:00.000Z')).toBe(1);
    expect((await s.findPersonSession('h1'))?.revoked_at).toBe('2026-03-01T13:00:00.000Z');
    expect((await s.findPersonSession('h3'))?.revoked_at).toBeNull();

    await s.createPersonCode('c1', { person_id: 'per_c', purpose: 'invite', expires_at: '2026-03-08T00:00:00.000Z' });
    await s.createPersonCode('c2', { person_id: 'per_a', purpose: 'signin', expires_at: '2026-03-01T10:15:00.000Z' });
    expect(await s.spendPersonCode('c1', 'reset', '2026-03-02T00:00:00.000Z')).toBeUndefined();
    expect(await s.spendPersonCode('c1', 'invite', '2026-03-02T00:00:00.000Z')).toBe('per_c');
    expect(await s.spendPersonCode('c1', 'invite', '2026-03-02T00:00:01.000Z')).toBeUndefined();
    expect(await s.spendPersonCode('c2', 'signin', '2026-03-01T10:15:00.000Z')).toBeUndefined();
  });
}
