/**
 * The operation core (issue 13 #1): one definition makes the HTTP route and the CLI command.
 * Input parse errors are the registry's 400 naming the field as each surface spells it
 * (`querystring.n` over HTTP, `--n` in the CLI); the principal is resolved before the input is read
 * (401 before 400); answers are checked against the output schema in tests (a mismatch is a 500,
 * never a silently different document); the OpenAPI document declares the response schema.
 */
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineOperation } from '../../src/operations/core/define.js';
import { Refused } from '../../src/operations/core/refused.js';
import { registerOperationRoute, registerPreflights } from '../../src/server/operation-routes.js';
import { asFlagError, registerOperationCommand, runOperation } from '../../src/cli/operation-commands.js';
import { inputError, issueMessage, jsonSchemaOf } from '../../src/operations/core/schema.js';
import { AppError } from '../../src/shared/errors.js';
import { appOf, type TestApp } from './app-of.js';

const echo = defineOperation({
  name: 'test.echo',
  summary: 'Doubles n',
  tags: ['test'],
  scope: 'admin',
  http: { method: 'GET', path: '/v1/test/echo' },
  input: z.object({ n: z.coerce.number().int().min(0).max(10), mode: z.enum(['ok', 'extra', 'wrong']).optional() }),
  output: z.object({ doubled: z.number() }),
  cli: { command: 'echo', offline: true },
  handler: (_ctx, input) => {
    if (input.mode === 'extra') return { doubled: input.n * 2, secret: 'x' } as { doubled: number };
    if (input.mode === 'wrong') return { doubled: 'two' } as unknown as { doubled: number };
    return { doubled: input.n * 2 };
  },
});

const post = defineOperation({
  name: 'test.post',
  summary: 'Takes a body and a path parameter',
  tags: ['test'],
  scope: 'public',
  http: { method: 'POST', path: '/v1/test/items/:id', status: 201 },
  input: z.object({ id: z.string().max(5), items: z.array(z.object({ price: z.number().min(0) })) }),
  output: z.object({ id: z.string(), count: z.number() }),
  cli: { none: 'a test operation' },
  handler: (_ctx, input) => ({ id: input.id, count: input.items.length }),
});

/** A write-key operation browsers call (CORS), with a CSV body and a refusal when no line is valid. */
const lines = defineOperation({
  name: 'test.lines',
  summary: 'Counts the valid lines of a file sent with the write key',
  tags: ['test'],
  scope: 'events:write',
  tracking: true,
  http: {
    method: 'POST',
    path: '/v1/test/lines',
    file: { key: 'text', media: ['text/csv'], limit: 128 },
    cors: { headers: 'authorization, content-type' },
    headers: { 'cache-control': 'no-store' },
    refuses: true,
  },
  input: z.object({ text: z.string().max(100), sep: z.string().max(1).optional() }),
  output: z.object({ valid: z.number().int(), workspace: z.string(), by: z.string() }),
  cli: { none: 'a test operation' },
  handler: (ctx, input) => {
    const valid = input.text.split('\n').filter((l) => l.includes(input.sep ?? ',')).length;
    if (valid === 0) throw new Refused('no valid line', { valid: 0 });
    return { valid, workspace: ctx.principal.workspace?.id ?? ctx.workspaceId, by: ctx.principal.kind };
  },
});

let t: TestApp;
let writeKey: string;
beforeAll(async () => {
  t = await appOf((app, ctx) => {
    registerOperationRoute(app, ctx, echo);
    registerOperationRoute(app, ctx, post);
    registerOperationRoute(app, ctx, lines);
    registerPreflights(app, [lines]);
  });
  writeKey = (await t.ctx.store.getWorkspace(t.ctx.workspaceId))!.write_key;
}, 60_000);
afterAll(async () => t?.close());

const admin = { authorization: 'Bearer adm' };

describe('operation core over HTTP', () => {
  it('answers from the handler with the input coerced from the query string', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/v1/test/echo?n=4', headers: admin });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('{"doubled":8}');
  });

  it('refuses bad input with the registry 400 naming querystring fields, every issue listed', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/v1/test/echo?n=11&mode=loud', headers: admin });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({
      error: 'invalid_input',
      message: 'querystring.n: must be <= 10; querystring.mode: must be one of: ok, extra, wrong',
      issues: [{ path: 'querystring.n', message: 'must be <= 10' }, { path: 'querystring.mode', message: 'must be one of: ok, extra, wrong' }],
    });
    const missing = await t.app.inject({ method: 'GET', url: '/v1/test/echo', headers: admin });
    expect(missing.json().issues).toEqual([{ path: 'querystring.n', message: 'must be number, got a value that is not a number' }]);
  });

  it('names body paths inside arrays and path parameters', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/v1/test/items/toolongid', headers: admin, payload: { items: [{ price: 1 }, { price: -2 }] } });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues).toEqual(expect.arrayContaining([{ path: 'params.id', message: 'must NOT have more than 5 characters' }]));
    const body = await t.app.inject({ method: 'POST', url: '/v1/test/items/a1', headers: admin, payload: { items: [{ price: 1 }, { price: -2 }] } });
    expect(body.json()).toEqual({ error: 'invalid_input', message: 'body.items.1.price: must be >= 0', issues: [{ path: 'body.items.1.price', message: 'must be >= 0' }] });
    const ok = await t.app.inject({ method: 'POST', url: '/v1/test/items/a1', headers: admin, payload: { items: [{ price: 1 }] } });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toEqual({ id: 'a1', count: 1 });
  });

  it('resolves the principal before reading input: no token is 401 even for a bad query', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/v1/test/echo?n=99' });
    expect(res.statusCode).toBe(401);
    expect(res.json().error).toBe('unauthorized');
    const wrong = await t.app.inject({ method: 'GET', url: '/v1/test/echo?n=1', headers: { authorization: 'Bearer nope' } });
    expect(wrong.statusCode).toBe(401);
  });

  it('enforces the output schema in tests: a wrong type or an undeclared key is a 500, not a quiet answer', async () => {
    for (const mode of ['wrong', 'extra']) {
      const res = await t.app.inject({ method: 'GET', url: `/v1/test/echo?n=1&mode=${mode}`, headers: admin });
      expect(res.statusCode).toBe(500);
      expect(res.json()).toEqual({ error: 'internal', message: 'internal error; see the server log' });
    }
  });

  it('declares the response schema and the input in the OpenAPI document', async () => {
    const doc = t.app.swagger() as { paths: Record<string, Record<string, any>> };
    const get = doc.paths['/v1/test/echo'].get;
    expect(get.responses['200'].content['application/json'].schema).toMatchObject({ type: 'object', properties: { doubled: { type: 'number' } }, required: ['doubled'] });
    expect(get.parameters.map((p: { name: string; in: string }) => `${p.in}:${p.name}`).sort()).toEqual(['query:mode', 'query:n']);
    expect(get.security).toEqual([{ secretKey: [] }]);
    const postDoc = doc.paths['/v1/test/items/{id}'].post;
    expect(postDoc.responses['201']).toBeDefined();
    expect(postDoc.security).toBeUndefined();
  });
});

describe('operation core: write-key operations, files, CORS, refusals', () => {
  const send = (headers: Record<string, string>, payload: string, url = '/v1/test/lines') => t.app.inject({ method: 'POST', url, headers: { 'content-type': 'text/csv', ...headers }, payload });

  it('resolves the workspace from the write key (header or ?key=) before the body; the admin token is the server key', async () => {
    expect((await send({}, 'a,b')).statusCode).toBe(401);
    expect((await send({ authorization: 'Bearer nope' }, 'a,b')).json()).toMatchObject({ error: 'unauthorized' });
    const byKey = await send({ authorization: `Bearer ${writeKey}` }, 'a,b\nc,d\ne');
    expect(byKey.statusCode).toBe(200);
    expect(byKey.json()).toEqual({ valid: 2, workspace: t.ctx.workspaceId, by: 'write-key' });
    expect((await send({}, 'a,b', `/v1/test/lines?key=${writeKey}`)).json().by).toBe('write-key');
    expect((await send({ authorization: 'Bearer adm' }, 'a;b', '/v1/test/lines?sep=;')).json()).toEqual({ valid: 1, workspace: t.ctx.workspaceId, by: 'secret-key' });
  });

  it('takes the body as text judged by its key\'s schema (naming body), within the file limit', async () => {
    const long = await send({ authorization: `Bearer ${writeKey}` }, 'x,'.repeat(60));
    expect(long.json()).toEqual({ error: 'invalid_input', message: 'body: must NOT have more than 100 characters', issues: [{ path: 'body', message: 'must NOT have more than 100 characters' }] });
    expect((await send({ authorization: `Bearer ${writeKey}` }, 'x,'.repeat(70))).statusCode).toBe(413);
    const query = await send({ authorization: `Bearer ${writeKey}` }, 'a,b', '/v1/test/lines?sep=toolong');
    expect(query.json().issues).toEqual([{ path: 'querystring.sep', message: 'must NOT have more than 1 characters' }]);
  });

  it('answers CORS preflights and headers, and sends a refused answer as 400 with its fields', async () => {
    const pre = await t.app.inject({ method: 'OPTIONS', url: '/v1/test/lines' });
    expect(pre.statusCode).toBe(204);
    expect(pre.headers).toMatchObject({ 'access-control-allow-origin': '*', 'access-control-allow-methods': 'POST', 'access-control-allow-headers': 'authorization, content-type' });
    const ok = await send({ authorization: `Bearer ${writeKey}` }, 'a,b');
    expect(ok.headers).toMatchObject({ 'access-control-allow-origin': '*', 'cache-control': 'no-store' });
    const refused = await send({ authorization: `Bearer ${writeKey}` }, 'nothing');
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toEqual({ error: 'invalid_input', message: 'no valid line', valid: 0 });
    expect(refused.headers['cache-control']).not.toBe('no-store');
    const doc = t.app.swagger() as { paths: Record<string, Record<string, any>> };
    expect(doc.paths['/v1/test/lines'].post.security).toEqual([{ writeKey: [] }, { secretKey: [] }]);
    expect(doc.paths['/v1/test/lines'].post.responses['400'].content['application/json'].schema.properties.error).toBeDefined();
  });
});

describe('operation core in the CLI', () => {
  const run = async (...args: string[]) => {
    const program = new Command('roilens').exitOverride();
    registerOperationCommand(program, echo);
    let out = '';
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string) => ((out += chunk), true)) as typeof process.stdout.write;
    try {
      await program.parseAsync(args, { from: 'user' });
    } finally {
      process.stdout.write = write;
    }
    return out;
  };

  it('makes a flag per input key and runs the handler in process', async () => {
    expect(JSON.parse(await run('echo', '--n', '3', '--format', 'json'))).toEqual({ doubled: 6 });
  });

  it('names the flag in input errors', async () => {
    const err = await run('echo', '--n', '12').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).message).toBe('--n: must be <= 10');
    expect((err as AppError).issues).toEqual([{ path: '--n', message: 'must be <= 10' }]);
  });

  it('checks answers against the output schema', async () => {
    await expect(runOperation(echo, {} as never, 'ws', { n: 1, mode: 'wrong' })).rejects.toThrow(/outside its output schema: doubled/);
  });

  it('re-spells a handler or server error about body.x, querystring.x or x as the flag', () => {
    const server = new AppError('invalid_input', 'body.max_order_amount: must be positive', [{ path: 'body.max_order_amount', message: 'must be positive' }]);
    expect(asFlagError(server, ['max_order_amount']).toJSON()).toEqual({ error: 'invalid_input', message: '--max-order-amount: must be positive', issues: [{ path: '--max-order-amount', message: 'must be positive' }] });
    const nested = new AppError('invalid_input', 'current_users.1: bad', [{ path: 'current_users.1', message: 'bad' }]);
    expect(asFlagError(nested, ['current_users']).issues[0].path).toBe('--current-users.1');
    const other = new AppError('invalid_input', '(query): x', [{ path: '(query)', message: 'x' }]);
    expect(asFlagError(other, ['n'])).toBe(other);
    // A message in its own words is kept; only the issue's path becomes the flag.
    const taken = asFlagError(new AppError('conflict', 'the slug "spring" is taken', [{ path: 'body.slug', message: 'is taken' }]), ['slug']);
    expect(taken.toJSON()).toEqual({ error: 'conflict', message: 'the slug "spring" is taken', issues: [{ path: '--slug', message: 'is taken' }] });
  });
});

describe('schema helpers', () => {
  it('turns zod issues into the registry error with the paths spelled by the caller', () => {
    const parsed = z.object({ a: z.array(z.number()) }).safeParse({ a: [1, 'x'] });
    expect(parsed.success).toBe(false);
    const err = inputError(parsed.error!, (path) => ['body', ...path.map(String)].join('.'));
    expect(err.status).toBe(400);
    expect(err.toJSON()).toEqual({ error: 'invalid_input', message: 'body.a.1: must be number', issues: [{ path: 'body.a.1', message: 'must be number' }] });
  });

  it('words issues as the server\'s other 400s', () => {
    const issues = z.object({ s: z.string().min(2), d: z.string().regex(/^\d+$/) }).safeParse({ s: 'x', d: 'y' }).error!.issues;
    expect(issues.map(issueMessage)).toEqual(['must NOT have fewer than 2 characters', 'must match pattern "^\\d+$"']);
  });

  it('writes draft-7 JSON Schemas without $schema, closed objects for outputs', () => {
    expect(jsonSchemaOf(z.object({ a: z.string() }), 'output')).toEqual({ type: 'object', properties: { a: { type: 'string' } }, required: ['a'], additionalProperties: false });
    expect(jsonSchemaOf(z.object({ a: z.string().optional() }), 'input')).toEqual({ type: 'object', properties: { a: { type: 'string' } } });
  });
});
