/**
 * Cursor paging declared by list operations (design.md, precise terms): `?cursor=…&limit=…`, answer
 * `next_cursor`. Pages are hand-computed from the ids created here (code-unit order); a walk with
 * inserts between and during its requests never repeats or skips an item that existed when it began;
 * an edited cursor, or one of another list, is the registry's 400 naming `querystring.cursor`.
 */
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerOperationCommand } from '../../src/cli/operation-commands.js';
import { decodeCursor, encodeCursor, pageOf } from '../../src/operations/core/paging.js';
import { postbackSourceListOperation } from '../../src/operations/tracking/postback-sources.js';
import { appOf, type TestApp } from './app-of.js';

let t: TestApp;
beforeAll(async () => {
  t = await appOf();
}, 60_000);
afterAll(async () => t?.close());

const headers = { authorization: 'Bearer adm' };
const get = async (url: string) => {
  const res = await t.app.inject({ method: 'GET', url, headers });
  return { status: res.statusCode, body: res.json() };
};
const segment = async (id: string) => {
  const res = await t.app.inject({ method: 'POST', url: '/v1/segments', headers, payload: { id, name: id, conditions: [{ kind: 'orders', min_count: 1 }] } });
  expect(res.statusCode).toBe(201);
};
const ids = (page: { body: { segments: { id: string }[] } }) => page.body.segments.map((s) => s.id);

/** Every page of GET /v1/segments?limit=N from the start, calling `between` after each page. */
async function walk(limit: number, between: (pageNo: number) => Promise<void> = async () => undefined): Promise<string[][]> {
  const pages: string[][] = [];
  for (let cursor: string | null = null, n = 0; n === 0 || cursor !== null; n++) {
    const page = await get(`/v1/segments?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(page.status).toBe(200);
    pages.push(ids(page));
    cursor = page.body.next_cursor;
    await between(n);
  }
  return pages;
}

describe('pageOf and the cursor', () => {
  it('pages in the declared order after the key, with a cursor of the last kept item', () => {
    const items = ['d', 'b', 'a', 'c'].map((id) => ({ id }));
    const order = [{ by: (i: { id: string }) => i.id }];
    expect(pageOf('x.list', items, order, { after: null, limit: 3 })).toEqual({ items: [{ id: 'a' }, { id: 'b' }, { id: 'c' }], next_cursor: encodeCursor('x.list', ['c']) });
    expect(pageOf('x.list', items, order, { after: ['c'], limit: 3 })).toEqual({ items: [{ id: 'd' }], next_cursor: null });
    // Newest first, ties by key: (2, b) (2, c) (1, a).
    const rows = [{ t: '1', k: 'a' }, { t: '2', k: 'c' }, { t: '2', k: 'b' }];
    const desc = [{ by: (r: { t: string }) => r.t, desc: true }, { by: (r: { k: string }) => r.k }];
    expect(pageOf('y.list', rows, desc, { after: ['2', 'b'], limit: 5 }).items).toEqual([{ t: '2', k: 'c' }, { t: '1', k: 'a' }]);
  });

  it('refuses a cursor edited, cut short, or made for another operation', () => {
    const cursor = encodeCursor('x.list', ['c']);
    expect(decodeCursor('x.list', cursor, 'cursor', 1)).toEqual(['c']);
    const forged = `${Buffer.from(JSON.stringify(['x.list', ['a']])).toString('base64url')}.${cursor.split('.')[1]}`;
    for (const bad of [forged, cursor.slice(0, -1), cursor.split('.')[0], 'x', '']) expect(() => decodeCursor('x.list', bad, 'cursor', 1)).toThrow(/cursor: is not a cursor/);
    expect(() => decodeCursor('z.list', cursor, 'cursor', 1)).toThrow(/cursor: is not a cursor/);
    expect(() => decodeCursor('x.list', cursor, 'cursor', 2)).toThrow(/cursor: is not a cursor/);
  });
});

describe('GET /v1/segments pages with a cursor', () => {
  it('walks 5 segments 2 at a time: [s1 s2] [s3 s4] [s5], then null', async () => {
    for (const id of ['s5', 's3', 's1', 's4', 's2']) await segment(id);
    expect(await walk(2)).toEqual([['s1', 's2'], ['s3', 's4'], ['s5']]);
    // The default limit (100) holds them all; existing keys stay, next_cursor is added.
    const all = await get('/v1/segments');
    expect(ids(all)).toEqual(['s1', 's2', 's3', 's4', 's5']);
    expect(Object.keys(all.body)).toEqual(['segments', 'next_cursor']);
    expect(all.body.next_cursor).toBeNull();
  });

  it('inserts between pages: none repeated or skipped; those after the cursor are seen, those before are not', async () => {
    // After [s1 s2] the walk holds cursor s2: s15 (before it) is not seen, s45 (after it) is.
    const pages = await walk(2, async (n) => {
      if (n === 0) {
        await segment('s15');
        await segment('s45');
      }
    });
    expect(pages).toEqual([['s1', 's2'], ['s3', 's4'], ['s45', 's5']]);
  });

  it('inserts racing the walk: every item that existed at the start comes exactly once, in order', async () => {
    const before = ids(await get('/v1/segments?limit=1000'));
    const racing = Array.from({ length: 12 }, (_, i) => `r${String(i).padStart(2, '0')}`);
    const [pages] = await Promise.all([walk(3), Promise.all(racing.map((id) => segment(id)))]);
    const seen = pages.flat();
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual([...seen].sort());
    for (const id of before) expect(seen).toContain(id);
  });

  it('an edited cursor, another list\'s cursor, or a limit out of range is 400 naming the parameter', async () => {
    const first = await get('/v1/segments?limit=1');
    const cursor: string = first.body.next_cursor;
    const edited = cursor.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'));
    const other = encodeCursor('links.list', ['s1']);
    for (const bad of [edited, other, 's1']) {
      const res = await get(`/v1/segments?cursor=${encodeURIComponent(bad)}`);
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('invalid_input');
      expect(res.body.issues[0].path).toBe('querystring.cursor');
    }
    for (const limit of ['0', '1001', 'x']) {
      const res = await get(`/v1/segments?limit=${limit}`);
      expect(res.status).toBe(400);
      // (A value that is no number at all is refused before the route, by the app's check of numeric parameters: path `limit`.)
      expect(res.body.issues[0].path).toMatch(/^(querystring\.)?limit$/);
    }
  });
});

describe('GET /v1/links pages in the store query', () => {
  it('walks 5 links 2 at a time in slug order, figures beside each', async () => {
    for (const slug of ['l-e', 'l-a', 'l-d', 'l-c', 'l-b']) {
      const res = await t.app.inject({ method: 'POST', url: '/v1/links', headers, payload: { slug, destination: `https://shop.example/${slug}` } });
      expect(res.statusCode).toBe(201);
    }
    const slugs: string[][] = [];
    for (let cursor: string | null = null, n = 0; n === 0 || cursor !== null; n++) {
      const page = await get(`/v1/links?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      slugs.push(page.body.links.map((l: { slug: string; clicks: number }) => (expect(l.clicks).toBe(0), l.slug)));
      cursor = page.body.next_cursor;
    }
    expect(slugs).toEqual([['l-a', 'l-b'], ['l-c', 'l-d'], ['l-e']]);
  });
});

describe('GET /v1/events pages in the store query', () => {
  const event = (id: string, ts: string, anonymous_id = 'pv') => ({ id, type: 'page_view' as const, ts, anonymous_id, channel: 'direct' });
  const eventIds = (page: { body: { events: { id: string }[] } }) => page.body.events.map((e) => e.id);

  it('walks a visitor\'s 5 events 2 at a time in time then id order (e-b and e-a share an instant)', async () => {
    await t.ctx.store.insertEvents(t.ctx.workspaceId, [
      event('e-c', '2026-03-01T10:00:02.000Z'), event('e-b', '2026-03-01T10:00:00.000Z'), event('e-a', '2026-03-01T10:00:00.000Z'),
      event('e-e', '2026-03-02T00:00:00.000Z'), event('e-d', '2026-03-01T10:00:03.000Z'), event('x-1', '2026-03-01T10:00:01.000Z', 'other'),
    ]);
    const pages: string[][] = [];
    for (let cursor: string | null = null, n = 0; n === 0 || cursor !== null; n++) {
      const page = await get(`/v1/events?anonymous_id=pv&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(page.status).toBe(200);
      pages.push(eventIds(page));
      cursor = page.body.next_cursor;
    }
    expect(pages).toEqual([['e-a', 'e-b'], ['e-c', 'e-d'], ['e-e']]);
  });

  it('keeps its limits: 1,000 events by default, up to 10,000 on asking, 10,001 is 400 naming the limit', async () => {
    const many = Array.from({ length: 1001 }, (_, i) => event(`m-${String(i).padStart(4, '0')}`, new Date(Date.UTC(2026, 2, 1) + i * 1000).toISOString(), 'many'));
    await t.ctx.store.insertEvents(t.ctx.workspaceId, many);
    const first = await get('/v1/events?anonymous_id=many');
    expect(eventIds(first)).toEqual(many.slice(0, 1000).map((e) => e.id));
    const rest = await get(`/v1/events?anonymous_id=many&cursor=${encodeURIComponent(first.body.next_cursor)}`);
    expect(eventIds(rest)).toEqual(['m-1000']);
    expect(rest.body.next_cursor).toBeNull();
    const all = await get('/v1/events?anonymous_id=many&limit=10000');
    expect(all.body.events).toHaveLength(1001);
    expect(all.body.next_cursor).toBeNull();
    const over = await get('/v1/events?anonymous_id=many&limit=10001');
    expect(over.status).toBe(400);
    expect(over.body.issues[0].path).toBe('querystring.limit');
  });
});

describe('the CLI', () => {
  it('gives a list command --cursor and --limit from the declaration', () => {
    const cmd = registerOperationCommand(new Command(), postbackSourceListOperation);
    expect(cmd.options.map((o) => o.long)).toEqual(expect.arrayContaining(['--cursor', '--limit']));
  });
});
