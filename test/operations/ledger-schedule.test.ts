/**
 * The server's scheduled ledger sync (issue 16): one `partners.sync` job per workspace every minute,
 * as the operator acting there; a workspace made later gets its job, an archived one none. A run
 * through the scheduler answers as the operation does (here: no programme, nothing to do).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLedgerSchedule, type LedgerSchedule } from '../../src/server/ledger-schedule.js';
import { appOf, type TestApp } from './app-of.js';

describe('ledger sync schedule', () => {
  let t: TestApp;
  let schedule: LedgerSchedule;
  beforeAll(async () => {
    t = await appOf();
    await t.ctx.store.ensureWorkspace({ id: 'ws-archived', name: 'Old', currency: 'EUR', timezone: 'UTC', margin: '1', write_key: 'rl_pub_archived0000000000000000' });
    await t.ctx.store.updateWorkspace('ws-archived', { archived_at: '2026-01-01T00:00:00.000Z' });
    schedule = startLedgerSchedule(t.ctx.store, { drain: async () => undefined }, () => undefined);
  });
  afterAll(async () => {
    await schedule?.stop();
    await t?.close();
  });

  it('one job per live workspace, every minute, running partners.sync', async () => {
    await expect.poll(() => schedule.scheduler.jobs().map((j) => [j.id, j.operation, j.every])).toEqual([['ledger-sync:default', 'partners.sync', '1m']]);
    const due = new Date(Date.now() - 1000);
    schedule.scheduler.remove('ledger-sync:default');
    schedule.scheduler.add({ id: 'ledger-sync:default', operation: 'partners.sync', input: {}, principal: { kind: 'operator', workspaceId: 'default', scopes: ['admin'] }, every: '1m', startAt: due });
    const [run] = await schedule.scheduler.tick();
    expect(run).toMatchObject({ job: 'ledger-sync:default', ok: true, answer: { programs: [] } });
  });
});
