/**
 * Turns an operation's base request into a hostile one: 1–3 seeded mutations of its query, path and
 * body (hostile values, repeated and unknown parameters, dropped or polluting keys, whole bodies
 * that are not what the route reads).
 */
import { hostileDates, hostileJsonValues, hostileRawBodies, hostileStrings, pick, RawText, rawQueryValues } from './hostile-values.js';
import type { Json, Operation } from './operations.js';

export interface FuzzRequest {
  method: string;
  /** Path and query string, encoded. */
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** What was changed from the base request (for the failure report). */
  mutations: string[];
}

/** The Authorization header (or `?key=`) a request carries, chosen by the caller's policy. */
export interface Credential {
  label: string;
  header?: string;
  queryKey?: string;
}

type Query = [string, string | RawText][];
type Body = { json: Json } | { text: string; contentType: string } | undefined;

const hostileKeys = ['__proto__', 'constructor', 'prototype', 'toString', 'a[b]', 'a.b', '', ' ', '$where', 'ユニコード', 'x'.repeat(300)];

const clone = <T>(v: T): T => (v === undefined ? v : JSON.parse(JSON.stringify(v)));

/** Paths to every value of `v` (not the root), at most `maxDepth` deep. */
function pathsOf(v: Json, maxDepth = 5, prefix: (string | number)[] = []): (string | number)[][] {
  if (prefix.length >= maxDepth || v === null || typeof v !== 'object') return [];
  const entries: [string | number, Json][] = Array.isArray(v) ? v.map((x, i) => [i, x]) : Object.entries(v);
  return entries.flatMap(([k, x]) => [[...prefix, k], ...pathsOf(x, maxDepth, [...prefix, k])]);
}

/** Sets an own property (a `__proto__` key stays data, as JSON.parse on the server makes it). */
function setOwn(target: any, key: string | number, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function parentOf(root: Json, path: (string | number)[]): any {
  let node: any = root;
  for (const k of path.slice(0, -1)) node = node[k];
  return node;
}

function hostileBodyValue(rnd: () => number): unknown {
  return rnd() < 0.5 ? pick(rnd, hostileStrings) : pick(rnd, hostileJsonValues());
}

/** A hostile request for `op`; request 0 is the base request itself (every route's honest answer is checked too). */
export function fuzzRequest(op: Operation, rnd: () => number, index: number, credential: Credential): FuzzRequest {
  const query: Query = Object.entries(op.query);
  const pathParams = { ...op.pathParams };
  let body: Body = clone(op.body);
  const mutations: string[] = [];
  const takesBody = op.method !== 'GET' && op.method !== 'HEAD' && op.method !== 'OPTIONS';

  // Request i first puts a hostile value in input i (round robin), so every parameter and body field
  // gets one when the operation has fewer inputs than requests; then 0–2 random mutations more.
  const inputs: ({ in: 'query'; name: string } | { in: 'path'; name: string } | { in: 'body'; path: (string | number)[] })[] = [
    ...query.map(([name]) => ({ in: 'query' as const, name })),
    ...Object.keys(pathParams).map((name) => ({ in: 'path' as const, name })),
    ...(body && 'json' in body ? pathsOf(body.json, 3).map((path) => ({ in: 'body' as const, path })) : []),
  ];
  if (index > 0 && inputs.length) {
    const input = inputs[(index - 1) % inputs.length];
    // A date input gets the hostile dates in turn, the most extreme first (ranges are widened by lookbacks).
    const round = Math.floor((index - 1) / inputs.length);
    const isDate = (base: unknown) => typeof base === 'string' && /^\d{4}-\d{2}-\d{2}/.test(base);
    const hostileFor = (base: unknown) => (isDate(base) ? hostileDates[round % hostileDates.length] : pick(rnd, hostileStrings));
    if (input.in === 'query') {
      const value = hostileFor(query.find(([name]) => name === input.name)?.[1]);
      for (const entry of query) if (entry[0] === input.name) entry[1] = value;
      mutations.push(`query ${input.name}=${describe(value)}`);
    } else if (input.in === 'path') {
      pathParams[input.name] = pick(rnd, hostileStrings);
      mutations.push(`path ${input.name}=${describe(pathParams[input.name])}`);
    } else {
      const json = (body as { json: Json }).json;
      const parent = parentOf(json, input.path);
      const key = input.path[input.path.length - 1];
      const value = isDate(parent[key]) ? hostileFor(parent[key]) : hostileBodyValue(rnd);
      setOwn(parent, key, value);
      mutations.push(`body.${input.path.join('.')}=${describe(value)}`);
    }
  }
  const roll = rnd();
  const count = index === 0 ? 0 : inputs.length === 0 ? 1 + Math.floor(roll * 3) : roll < 0.6 ? 0 : roll < 0.85 ? 1 : 2;
  for (let m = 0; m < count; m++) {
    const kinds = [
      ...(query.length ? ['query-value', 'query-value', 'query-value', 'query-repeat', 'query-drop'] : []),
      'query-extra',
      ...(Object.keys(pathParams).length ? ['path-value', 'path-value'] : []),
      ...(body && 'json' in body ? ['body-field', 'body-field', 'body-field', 'body-drop', 'body-key'] : []),
      ...(body && 'text' in body ? ['body-text', 'body-text'] : []),
      ...(takesBody ? ['body-whole'] : []),
    ];
    const kind = pick(rnd, kinds);
    switch (kind) {
      case 'query-value': {
        const i = Math.floor(rnd() * query.length);
        const value = rnd() < 0.12 ? pick(rnd, rawQueryValues) : pick(rnd, hostileStrings);
        query[i] = [query[i][0], value];
        mutations.push(`query ${query[i][0]}=${describe(value)}`);
        break;
      }
      case 'query-repeat': {
        const [name] = pick(rnd, query);
        query.push([name, pick(rnd, hostileStrings)]);
        mutations.push(`query ${name} repeated`);
        break;
      }
      case 'query-drop': {
        const [name] = query.splice(Math.floor(rnd() * query.length), 1)[0];
        mutations.push(`query ${name} dropped`);
        break;
      }
      case 'query-extra': {
        const name = pick(rnd, hostileKeys) || 'x';
        query.push([name, pick(rnd, hostileStrings)]);
        mutations.push(`query ${describe(name)} added`);
        break;
      }
      case 'path-value': {
        const name = pick(rnd, Object.keys(pathParams));
        pathParams[name] = pick(rnd, hostileStrings);
        mutations.push(`path ${name}=${describe(pathParams[name])}`);
        break;
      }
      case 'body-field': {
        const json = (body as { json: Json }).json;
        const paths = pathsOf(json);
        const value = hostileBodyValue(rnd);
        if (!paths.length || json === null || typeof json !== 'object') {
          body = { json: value as Json };
          mutations.push(`body=${describe(value)}`);
          break;
        }
        const path = pick(rnd, paths);
        setOwn(parentOf(json, path), path[path.length - 1], value);
        mutations.push(`body.${path.join('.')}=${describe(value)}`);
        break;
      }
      case 'body-drop': {
        const json = (body as { json: Json }).json;
        const paths = pathsOf(json).filter((p) => typeof p[p.length - 1] === 'string');
        if (!paths.length) break;
        const path = pick(rnd, paths);
        delete parentOf(json, path)[path[path.length - 1]];
        mutations.push(`body.${path.join('.')} dropped`);
        break;
      }
      case 'body-key': {
        const json = (body as { json: Json }).json;
        const objects = [[], ...pathsOf(json)].filter((p) => {
          const node = p.length ? parentOf(json, p)[p[p.length - 1]] : json;
          return node !== null && typeof node === 'object' && !Array.isArray(node);
        });
        if (!objects.length) break;
        const path = pick(rnd, objects);
        const node = path.length ? parentOf(json, path)[path[path.length - 1]] : json;
        const key = pick(rnd, hostileKeys);
        const value = hostileBodyValue(rnd);
        setOwn(node, key, value);
        mutations.push(`body${path.map((p) => `.${p}`).join('')}[${describe(key)}]=${describe(value)}`);
        break;
      }
      case 'body-text': {
        const b = body as { text: string; contentType: string };
        const lines = b.text.split('\n');
        const row = Math.floor(rnd() * Math.max(1, lines.length - 1));
        const cells = lines[row].split(',');
        const col = Math.floor(rnd() * cells.length);
        cells[col] = pick(rnd, hostileStrings);
        lines[row] = cells.join(',');
        body = { text: lines.join('\n'), contentType: b.contentType };
        mutations.push(`csv line ${row + 1} cell ${col + 1}=${describe(cells[col])}`);
        break;
      }
      case 'body-whole': {
        const raw = pick(rnd, hostileRawBodies());
        body = { text: raw.text, contentType: raw.contentType ?? '' };
        mutations.push(`body (${raw.contentType ?? 'no content-type'}) ${describe(raw.text)}`);
        break;
      }
    }
  }

  let path = op.path;
  for (const [name, value] of Object.entries(pathParams)) path = path.replace(`{${name}}`, encodeURIComponent(value));
  if (credential.queryKey !== undefined) query.push(['key', credential.queryKey]);
  const qs = query.map(([k, v]) => `${encodeURIComponent(k)}=${v instanceof RawText ? v.text : encodeURIComponent(v)}`).join('&');
  const headers: Record<string, string> = {};
  if (credential.header) headers.authorization = credential.header;
  let text: string | undefined;
  if (takesBody && body) {
    if ('json' in body) {
      text = JSON.stringify(body.json);
      headers['content-type'] = 'application/json';
    } else {
      text = body.text;
      if (body.contentType) headers['content-type'] = body.contentType;
    }
  }
  return { method: op.method, url: qs ? `${path}?${qs}` : path, headers, body: text, mutations: [`credential ${credential.label}`, ...mutations] };
}

/** A short printable form of a value for reports. */
export function describe(v: unknown): string {
  const text = v instanceof RawText ? `raw:${v.text}` : typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v) ?? String(v);
  return text.length > 80 ? `${text.slice(0, 60)}…(${text.length} chars)` : text;
}
