/**
 * Issue 13 "Done when": every /v1 route the server registers comes from an operation, or is on the
 * list below of routes not migrated yet (the list only shrinks: a migrated route left on it fails);
 * every operation has a CLI command or says why not, a unique name, and declares a response schema
 * in the OpenAPI document.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operations } from '../../src/operations/index.js';
import { appOf, type TestApp } from './app-of.js';

/** Routes under /v1 still hand-written in src/server/routes (issue 13 #1: migrate, then delete the line). */
const notYetMigrated = new Set([
  'GET /v1/postback', 'POST /v1/postback',
  'DELETE /v1/session', 'GET /v1/session', 'POST /v1/session', 'POST /v1/session/codes',
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
  it('every /v1 route comes from an operation or is listed as not migrated yet', () => {
    const ops = fromOperations();
    const stray = routes.filter((r) => !ops.has(r) && !notYetMigrated.has(r));
    expect(stray, 'routes written by hand outside src/operations: define them as operations (or, for now, list them)').toEqual([]);
  });

  it('the not-yet-migrated list only names routes that exist and are not operations (it shrinks)', () => {
    const ops = fromOperations();
    expect([...notYetMigrated].filter((r) => ops.has(r)), 'migrated: delete from the list').toEqual([]);
    expect([...notYetMigrated].filter((r) => !routes.includes(r)), 'no such route: delete from the list').toEqual([]);
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
