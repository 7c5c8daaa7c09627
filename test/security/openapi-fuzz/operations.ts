/**
 * The operations of the served OpenAPI document, each with a valid base request the fuzzer mutates:
 * parameters and bodies come from the document's schemas, plus the inputs a handler reads that the
 * document leaves undeclared (the pixel's and the postback's query, the bodies of CSV imports).
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Schema = Record<string, any>;

export interface Operation {
  /** `GET /v1/kpis` */
  key: string;
  method: string;
  /** The document's path template, e.g. `/v1/experiments/{id}`. */
  path: string;
  /** `admin`, `write` or `none`: the credential the document asks for. */
  credential: 'admin' | 'write' | 'none';
  pathParams: Record<string, string>;
  query: Record<string, string>;
  /** The base body: JSON (an object) or text with its content type; undefined when the operation reads none. */
  body?: { json: Json } | { text: string; contentType: string };
  /** Declared response schemas by status (JSON bodies only). */
  responses: Record<string, Schema>;
}

/** Valid values the fuzzer starts from, by parameter name (the document's schemas say only "string" for these). */
export interface BaseValues {
  /** First and last day of the demo world. */
  from: string;
  to: string;
  /** Ids that exist in the world (so mutations of other fields reach past the lookup). */
  experimentId: string;
  segmentId: string;
  customerId: string;
  linkSlug: string;
  clickId: string;
  postbackSource?: { id: string; secret: string };
}

const dateParams = new Set(['from', 'to', 'as_of', 'calibration_end']);

/** A valid value for a parameter: name hints first, then its schema. */
function paramValue(name: string, schema: Schema, base: BaseValues): string {
  if (name === 'from' || name === 'to') return base[name];
  if (dateParams.has(name)) return base.to;
  const hints: Record<string, string> = {
    metrics: 'spend,revenue,roas', models: 'last,first,linear', position_weights: '0.4,0.2,0.4', direct: 'exclude',
    baseline: '0.05', mde: '0.1', power: '0.8', alpha: '0.05', daily_users: '1000', variants: '2', sd: '1', current_users: '0,0',
    anonymous_id: 'fz-anon-1', user_id: 'fz-user-1', person: 'fz-person-none', source: 'fuzz', channel: 'paid_search', cursor: '',
  };
  if (hints[name] !== undefined) return hints[name];
  if (schema.enum) return String(schema.enum[0]);
  if (schema.type === 'integer' || schema.type === 'number') {
    const min = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : 1);
    return String(Math.min(Math.max(min, 1), schema.maximum ?? Infinity));
  }
  if (schema.pattern === '^\\d{4}-\\d{2}-\\d{2}$') return base.to;
  return 'fz-value';
}

/** A valid sample of a JSON schema (required properties and the declared ones). */
function sample(schema: Schema, doc: Schema, name = ''): Json {
  if (schema.$ref) return sample(doc.components.schemas[schema.$ref.split('/').pop()], doc, name);
  if (schema.enum) return schema.enum[0];
  switch (schema.type) {
    case 'object': {
      const out: Record<string, Json> = {};
      for (const [k, s] of Object.entries<Schema>(schema.properties ?? {})) out[k] = sample(s, doc, k);
      return out;
    }
    case 'array': return schema.items ? [sample(schema.items, doc, name)] : [];
    case 'integer': case 'number': return Math.max(schema.minimum ?? 1, 1);
    case 'boolean': return true;
    case 'string': return schema.pattern === '^\\d{4}-\\d{2}-\\d{2}$' ? '2026-01-10' : name === 'slug' ? 'fz-link' : 'fz-text';
    default: return {};
  }
}

/** Bodies the document does not spell out (its schema is a bare object, or the route reads CSV). */
function handWrittenBody(key: string, base: BaseValues): Operation['body'] | undefined {
  const now = new Date().toISOString();
  const event = (i: number): Json => ({
    id: `fz-ev-${i}`, type: 'conversion', ts: now, anonymous_id: 'fz-anon-1', user_id: 'fz-user-1', session_id: 'fz-s1', name: 'purchase',
    url: 'https://shop.example/thanks', referrer: 'https://www.google.com/', utm: { source: 'google', medium: 'cpc', campaign: 'fz', content: 'c', term: 't' },
    click_id: 'fz-click', order_id: `FZ-${i}`, revenue: { amount: '10.50', currency: 'EUR' }, properties: { plan: 'pro', n: 1 },
  });
  const { revenue: _revenue, order_id: _order, ...rest } = event(2) as Record<string, Json>;
  const pageView: Json = { ...rest, type: 'page_view' };
  const csv = (text: string) => ({ text, contentType: 'text/csv' });
  const bodies: Record<string, Operation['body']> = {
    'POST /v1/events': { json: { events: [event(1), pageView] } },
    'POST /v1/experiments': {
      json: { key: 'fz-exp', name: 'Fuzz', status: 'running', variants: [{ name: 'control', weight: 1 }, { name: 'b', weight: 1 }], metric: 'conversion_rate', targeting: { channel: ['paid_search'] }, start: now, mde: 0.1 },
    },
    'PATCH /v1/experiments/{id}': { json: { name: 'Fuzz renamed', hypothesis: 'h', mde: 0.2, planned_users: 1000 } },
    'POST /v1/experiments/{id}/assign': { json: { anonymous_id: 'fz-anon-1', user_id: 'fz-user-1', channel: 'paid_search', country: 'DE', device: 'mobile' } },
    'POST /v1/segments': { json: { name: 'Fuzz segment', conditions: [{ kind: 'trait', trait: 'country', equals: 'DE' }, { kind: 'orders', min_count: 2 }] } },
    'POST /v1/links': { json: { slug: 'fz-new', destination: 'https://shop.example/new?x=1', channel: 'paid_social', utm: { source: 'meta', medium: 'paid_social', campaign: 'fz' }, disabled: false } },
    'PATCH /v1/links/{slug}': { json: { destination: 'https://shop.example/other', channel: 'email', utm: { source: 'news', medium: 'email' }, disabled: false } },
    'POST /v1/postback-sources': { json: { name: 'fz network 2', ip_allow: ['203.0.113.0/24', '2001:db8::1'] } },
    'POST /v1/segments/{id}/push': { json: { webhook: 'http://127.0.0.1:9/hook', chunk_size: 10 } },
    'PUT /v1/channels/rules': { json: { rules: [{ channel: 'paid_search', source: '^google$', medium: '^cpc$' }, { channel: 'display', medium: '^display$' }] } },
    'PATCH /v1/workspace': { json: { name: 'Fuzz shop', timezone: 'Europe/Berlin', margin: '0.4', max_order_amount: '100000' } },
    'POST /v1/postback': { json: postbackFields(base) },
  };
  if (bodies[key]) return bodies[key];
  if (key === 'POST /v1/import/{kind}') return csv('date,channel,campaign,ad,cost,currency,impressions,clicks\n2026-02-10,paid_search,fz,ad1,12.50,EUR,100,5\n');
  return undefined;
}

function postbackFields(base: BaseValues): Record<string, string> {
  return {
    source: base.postbackSource?.id ?? 'pbs-none', secret: base.postbackSource?.secret ?? 'none',
    click_id: base.clickId, order_id: 'FZ-PB-1', amount: '19.90', currency: 'EUR', ts: new Date().toISOString(),
  };
}

/** Parameters left out of the base request because another one excludes them (mutations still add unknown ones). */
const exclusiveParams: Record<string, string[]> = { 'GET /v1/budget/funnel': ['target_sales', 'target_revenue', 'target_leads'] };

/** Query inputs a handler reads that the document does not declare. */
function undeclaredQuery(key: string, base: BaseValues): Record<string, string> {
  if (key === 'GET /p.gif') {
    return { type: 'page_view', ts: new Date().toISOString(), anonymous_id: 'fz-anon-2', id: 'fz-px-1', name: 'view', url: 'https://shop.example/', utm_source: 'google', utm_medium: 'cpc', utm_campaign: 'fz', click_id: 'fz-click-px' };
  }
  if (key === 'GET /v1/postback') return postbackFields(base);
  if (key === 'GET /v1/experiments/definitions') return {};
  return {};
}

/** The operations of an OpenAPI document, with their base requests. */
export function operationsOf(doc: Schema, base: BaseValues): Operation[] {
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries<Schema>(doc.paths)) {
    for (const [method, op] of Object.entries<Schema>(methods)) {
      const key = `${method.toUpperCase()} ${path}`;
      const security = (op.security ?? []).flatMap((s: Schema) => Object.keys(s));
      const credential = security.includes('adminToken') ? 'admin' : security.includes('writeKey') ? 'write' : 'none';
      const pathParams: Record<string, string> = {};
      const query: Record<string, string> = { ...undeclaredQuery(key, base) };
      for (const p of op.parameters ?? []) {
        if (exclusiveParams[key]?.includes(p.name)) continue;
        if (p.in === 'path') pathParams[p.name] = pathValue(path, p.name, p.schema ?? {}, base);
        else if (p.in === 'query') query[p.name] = paramValue(p.name, p.schema ?? {}, base);
      }
      let body = handWrittenBody(key, base);
      if (!body && op.requestBody) body = { json: sample(op.requestBody.content['application/json'].schema, doc) };
      const responses: Record<string, Schema> = {};
      for (const [status, r] of Object.entries<Schema>(op.responses ?? {})) {
        const schema = r.content?.['application/json']?.schema;
        if (schema) responses[status] = schema;
      }
      ops.push({ key, method: method.toUpperCase(), path, credential, pathParams, query, body, responses });
    }
  }
  return ops;
}

function pathValue(path: string, name: string, schema: Schema, base: BaseValues): string {
  if (schema.enum) return String(schema.enum[0]);
  if (name === 'slug') return base.linkSlug;
  if (path.startsWith('/v1/experiments')) return base.experimentId;
  if (path.startsWith('/v1/segments')) return base.segmentId;
  if (path.startsWith('/v1/customers')) return base.customerId;
  return 'fz-id';
}
