/**
 * The workspace calendar and IRR display (issue 11, Persian workspaces):
 * `GET /v1/workspace` answers them (a rial or Tehran workspace defaults to
 * the Jalali calendar), `PATCH` changes them, and a bad value is refused
 * naming the field before anything changes.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/start.js';
import { tempDir } from '../helpers/temp.js';

let server: RunningServer;
let temp: ReturnType<typeof tempDir>;
const admin = { authorization: 'Bearer adm', 'content-type': 'application/json' };

const workspace = async () => (await (await fetch(`${server.url}/v1/workspace`, { headers: admin })).json()) as Record<string, unknown>;
const patch = (body: unknown) => fetch(`${server.url}/v1/workspace`, { method: 'PATCH', headers: admin, body: JSON.stringify(body) });

beforeAll(async () => {
  temp = tempDir('roilens-display-');
  server = await startServer({ dbPath: join(temp.dir, 'ws.duckdb'), port: 0, demo: false, quiet: true, adminToken: 'adm' });
}, 60_000);
afterAll(async () => {
  await server?.close();
  temp?.cleanup();
});

describe('workspace calendar and IRR display', () => {
  it('defaults to gregorian and rial for a EUR workspace in UTC', async () => {
    expect(await workspace()).toMatchObject({ calendar: 'gregorian', irr_display: 'rial' });
  });

  it('a rial workspace defaults to the Jalali calendar and can show toman', async () => {
    expect((await patch({ currency: 'IRR' })).status).toBe(200);
    expect(await workspace()).toMatchObject({ currency: 'IRR', calendar: 'jalali', irr_display: 'rial' });
    expect((await patch({ irr_display: 'toman' })).status).toBe(200);
    expect(await workspace()).toMatchObject({ irr_display: 'toman' });
  });

  it('keeps an explicit calendar choice over the currency default', async () => {
    expect((await patch({ calendar: 'gregorian' })).status).toBe(200);
    expect(await workspace()).toMatchObject({ currency: 'IRR', calendar: 'gregorian' });
  });

  it('refuses unknown values naming the field, and changes nothing else in the same request', async () => {
    const bad = await patch({ calendar: 'lunar', margin: '0.5' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('body.calendar');
    const badDisplay = await patch({ irr_display: 'dollars' });
    expect(badDisplay.status).toBe(400);
    expect(JSON.stringify(await badDisplay.json())).toContain('body.irr_display');
    expect(await workspace()).toMatchObject({ calendar: 'gregorian', irr_display: 'toman' });
    expect((await workspace()).margin).not.toBe('0.5');
  });
});
