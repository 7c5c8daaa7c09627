/**
 * Issue 13 "Done when": every /v1 route the server registers comes from an operation, or is one of
 * the protocol endpoints below, hand-written on purpose (README "Architecture"; a route that becomes
 * an operation and stays on the list fails);
 * every operation has a CLI command or says why not, a unique name, and declares a response schema
 * in the OpenAPI document.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operations } from '../../src/operations/index.js';
import { appOf, type TestApp } from './app-of.js';

/**
 * Routes under /v1 hand-written in src/server/routes on purpose: the postback is proved by its source's
 * secret or an HMAC over the raw query or body (and the source's address allow-list), so its principal
 * exists only after the body is read, where an operation's is resolved before anything is read.
 */
const protocolEndpoints = new Set([
  'GET /v1/postback', 'POST /v1/postback',
]);

let t: TestApp;
let routes: string[];
beforeAll(async () => {
  t = await appOf();
  routes = [...new Set(t.routes.filter((r) => r.split(' ')[1].startsWith('/v1/') && !r.startsWith('HEAD ')))];
}, 60_000);
afterAll(async () => t?.close());

const openApiPath = (path: string) => path.replace(/:([A-Za-z_]\w*)/g, '{$1}');
// An operation browsers call (`http.cors`) brings the preflight of its path.
const fromOperations = () => new Set(operations.flatMap((op) => [`${op.http.method} ${op.http.path}`, ...(op.http.cors ? [`OPTIONS ${op.http.path}`] : [])]));

describe('operations cover the API', () => {
  it('every /v1 route comes from an operation or is a protocol endpoint', () => {
    const ops = fromOperations();
    const stray = routes.filter((r) => !ops.has(r) && !protocolEndpoints.has(r));
    expect(stray, 'routes written by hand outside src/operations: define them as operations').toEqual([]);
  });

  it('the protocol endpoints exist and are not operations', () => {
    const ops = fromOperations();
    expect([...protocolEndpoints].filter((r) => ops.has(r)), 'an operation now: delete from the list').toEqual([]);
    expect([...protocolEndpoints].filter((r) => !routes.includes(r)), 'no such route: delete from the list').toEqual([]);
  });

  it('every route of the OpenAPI document, hand-written ones included, declares its answer: a 2xx with a schema, or a 204 or 3xx with its headers', () => {
    type Answer = { content?: Record<string, { schema?: unknown }>; headers?: Record<string, unknown> };
    const doc = t.app.swagger() as unknown as { paths: Record<string, Record<string, { responses?: Record<string, Answer> }>> };
    const declared = (status: string, answer: Answer) =>
      (/^2\d\d$/.test(status) && Object.values(answer.content ?? {}).some((media) => media.schema !== undefined)) || (/^(?:204|3\d\d)$/.test(status) && answer.headers !== undefined);
    const undeclared = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).filter(([, op]) => !Object.entries(op.responses ?? {}).some(([status, answer]) => declared(status, answer))).map(([method]) => `${method.toUpperCase()} ${path}`),
    );
    expect(undeclared, 'declare `response` in the route schema (@fastify/swagger otherwise writes "Default Response" with no schema)').toEqual([]);
    for (const edge of ['GET /c/{slug}', 'GET /p.gif', 'GET /s.js', 'GET /v1/postback', 'POST /v1/postback']) {
      const [method, path] = edge.split(' ');
      expect(doc.paths[path]?.[method.toLowerCase()], `${edge} is in the document`).toBeDefined();
    }
  });

  it('every operation is served, has a unique name, a CLI command or a reason, and a response schema', () => {
    const doc = t.app.swagger() as unknown as { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema?: unknown }> }> }>> };
    expect(new Set(operations.map((op) => op.name)).size).toBe(operations.length);
    for (const op of operations) {
      const served = doc.paths[openApiPath(op.http.path)]?.[op.http.method.toLowerCase()];
      expect(served, `${op.name} is served`).toBeDefined();
      const status = String(op.http.status ?? 200);
      const media = op.http.text ? op.http.text.media.split(';')[0] : 'application/json';
      expect(served.responses[status]?.content?.[media]?.schema, `${op.name} declares its response`).toBeDefined();
      if ('none' in op.cli) expect(op.cli.none.length, `${op.name}: the reason it has no command`).toBeGreaterThan(10);
      else expect(op.cli.command).toMatch(/^[a-z-]+( [a-z-]+)*$/);
    }
  });
});
