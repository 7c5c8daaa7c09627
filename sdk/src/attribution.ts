/** UTM fields as the event schema names them (without the `utm_` prefix). */
export type Utm = Partial<Record<'source' | 'medium' | 'campaign' | 'content' | 'term', string>>;

/** Where a visit came from, read from a landing URL's query string. */
export interface Attribution {
  utm?: Utm;
  /** The click id that identifies the click, by the precedence of CLICK_ID_PARAMS. */
  click_id?: string;
  /** Every click id present, by parameter name, e.g. `{ gclid: 'abc' }`. */
  click_ids?: Record<string, string>;
}

const UTM_FIELDS = ['source', 'medium', 'campaign', 'content', 'term'] as const;

/**
 * Click-id parameters, most specific first: roilens' own tracking-link id,
 * then Google, Microsoft, Meta and TikTok.
 */
export const CLICK_ID_PARAMS = ['rl_cid', 'gclid', 'msclkid', 'fbclid', 'ttclid'] as const;

/**
 * Reads UTM parameters and click ids from a query string (`?a=b` or `a=b`).
 * Empty values are ignored; absent parts are left out so the result is `{}` for
 * a direct visit.
 * @example parseAttribution('?utm_source=google&gclid=abc')
 *   // { utm: { source: 'google' }, click_id: 'abc', click_ids: { gclid: 'abc' } }
 */
export function parseAttribution(search: string): Attribution {
  const params = new URLSearchParams(search);
  const result: Attribution = {};
  for (const field of UTM_FIELDS) {
    const value = params.get('utm_' + field);
    if (value) (result.utm ||= {})[field] = value;
  }
  for (const name of CLICK_ID_PARAMS) {
    const value = params.get(name);
    if (value) {
      (result.click_ids ||= {})[name] = value;
      result.click_id ||= value;
    }
  }
  return result;
}

/** True when the attribution names a source (any UTM field or click id). */
export function hasAttribution(attribution: Attribution): boolean {
  return !!(attribution.utm || attribution.click_id);
}

/** Two attributions are the same campaign touch when their UTM fields and click ids match. */
export function sameAttribution(a: Attribution, b: Attribution): boolean {
  return JSON.stringify([a.utm, a.click_ids]) === JSON.stringify([b.utm, b.click_ids]);
}
