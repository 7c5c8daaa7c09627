import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClickHouseClient } from './clickhouse-client.js';

/** A server that accepts requests and never answers: a frozen ClickHouse. */
let silent: Server;
let url: string;
beforeAll(async () => {
  silent = createServer(() => {});
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
});
afterAll(() => {
  silent.closeAllConnections();
  silent.close();
});

describe('ClickHouseClient', () => {
  it('gives up on a server that does not answer, as unavailable, after its timeout', async () => {
    const started = Date.now();
    const err = await new ClickHouseClient(url, 300).query('SELECT 1').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'unavailable', message: expect.stringContaining('no answer within 300 ms') });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('reports a refused connection as unavailable', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await expect(new ClickHouseClient(`http://127.0.0.1:${port}`).exec('SELECT 1')).rejects.toMatchObject({ code: 'unavailable' });
  });
});
