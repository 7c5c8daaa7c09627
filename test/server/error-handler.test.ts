/**
 * The error handler answers everything thrown in the registry's format (issue 13): an AppError as it
 * is, a bug (a plain Error, a TypeError, a RangeError, a thrown string, an AppError `internal`) as 500
 * `internal` with a fixed message, never its own text or stack, which go to the server's log.
 * The app is the real one (buildApp over a DuckDB store) with a few routes added that throw.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/server/app.js';
import { openWorkspace } from '../../src/server/start.js';
import { Ingestor } from '../../src/ingest/ingestor.js';
import { EventSpool } from '../../src/ingest/spool.js';
import { DuckDbStore } from '../../src/store/duckdb/duckdb-store.js';
import { AppError, errorCodes, internalError } from '../../src/shared/errors.js';
import { tempDir } from '../helpers/temp.js';

const secret = 'SECRET-DETAIL-42';

describe('error handler: every thrown thing becomes a registry code', () => {
  const tmp = tempDir();
  let app: FastifyInstance;
  let store: DuckDbStore;
  let spool: EventSpool;
  let ingestor: Ingestor;

  beforeAll(async () => {
    store = await DuckDbStore.open(`${tmp.dir}/db.duckdb`, { memoryLimit: '256MB' });
    const { workspace, adminToken } = await openWorkspace(store, { adminToken: 'adm-handler', writeKey: 'wk-handler' });
    spool = await EventSpool.open(`${tmp.dir}/db.duckdb.spool`);
    ingestor = new Ingestor(store, spool, { flushIntervalMs: 100, log: () => undefined });
    app = await buildApp({ store, ingestor, adminToken, workspaceId: workspace.id, webDir: '/nonexistent', sdkFile: '/nonexistent' });
    const throwers: Record<string, () => never> = {
      error: () => { throw new Error(`plain ${secret}`); },
      'type-error': () => { throw new TypeError(`type ${secret}`); },
      'range-error': () => { throw new RangeError(`range ${secret}`); },
      'syntax-error': () => { throw new SyntaxError(`a route's own JSON.parse ${secret}`); },
      string: () => { throw `a string ${secret}`; },
      internal: () => { throw internalError(`invariant ${secret}`); },
      conflict: () => { throw new AppError('conflict', 'the slug is taken', [{ path: 'slug', message: 'is taken' }]); },
      busy: () => { throw new AppError('unavailable', 'busy; retry', [], 7); },
    };
    app.get('/test/throws/:kind', async (req) => throwers[(req.params as { kind: string }).kind]());
    app.post('/test/json', { schema: { body: { type: 'object', properties: { n: { type: 'number' } } } } }, async (req) => req.body);
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await ingestor?.stop();
    await spool?.close();
    await store?.close();
    tmp.cleanup();
  });

  it.each(['error', 'type-error', 'range-error', 'syntax-error', 'string', 'internal'])('a bug (%s) answers 500 internal without its message; the log gets it', async (kind) => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const res = await app.inject({ method: 'GET', url: `/test/throws/${kind}` });
      expect(res.statusCode).toBe(500);
      expect(errorCodes.internal).toBe(500);
      expect(res.json()).toEqual({ error: 'internal', message: 'internal error; see the server log' });
      expect(res.body).not.toContain(secret);
      expect(stderr.mock.calls.map((c) => String(c[0])).join('')).toContain(secret);
    } finally {
      stderr.mockRestore();
    }
  });

  it('an AppError answers its own status, code, issues and Retry-After', async () => {
    const conflict = await app.inject({ method: 'GET', url: '/test/throws/conflict' });
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json()).toEqual({ error: 'conflict', message: 'the slug is taken', issues: [{ path: 'slug', message: 'is taken' }] });
    const busy = await app.inject({ method: 'GET', url: '/test/throws/busy' });
    expect(busy.statusCode).toBe(503);
    expect(busy.headers['retry-after']).toBe('7');
  });

  it("Fastify's own errors get registry codes: bad JSON, an empty body, 1e309, a wrong type, a bad Content-Length", async () => {
    const post = (payload: string, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
      app.inject({ method: 'POST', url: '/test/json', headers: { authorization: 'Bearer adm-handler', ...headers }, payload });
    const broken = await post('{"n": ');
    expect([broken.statusCode, broken.json().error]).toEqual([400, 'invalid_json']);
    const empty = await post('');
    expect([empty.statusCode, empty.json().error]).toEqual([400, 'invalid_json']);
    // JSON.parse turns 1e309 into Infinity; the schema's number must be finite.
    const infinite = await post('{"n": 1e309}');
    expect([infinite.statusCode, infinite.json().error]).toEqual([400, 'invalid_input']);
    expect(infinite.json().issues[0].path).toBe('body.n');
    const wrongType = await post('{"n": "seven"}');
    expect([wrongType.statusCode, wrongType.json().error]).toEqual([400, 'invalid_input']);
    const xml = await post('<n/>', { 'content-type': 'application/xml' });
    expect([xml.statusCode, xml.json().error]).toEqual([415, 'unsupported_media_type']);
    expect((await post('{"n": 1}')).json()).toEqual({ n: 1 });
  });

  it('a numeric query parameter past the double range is a 400 naming it, not a 500 from the database', async () => {
    const res = await app.inject({ method: 'GET', url: '/v1/events?anonymous_id=a&limit=-1e309', headers: { authorization: 'Bearer adm-handler' } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'invalid_input', issues: [{ path: 'limit' }] });
  });
});
