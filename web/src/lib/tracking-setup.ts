/** Pure helpers for the Settings page: the install snippet, the postback template, the link form's body. */

/**
 * The script tag a site pastes into its pages.
 * @example snippetTag('https://t.example.com', 'wk_1') // '<script async src="https://t.example.com/s.js" data-key="wk_1"></script>'
 */
export function snippetTag(origin: string, writeKey: string): string {
  return `<script async src="${origin}/s.js" data-key="${writeKey}"></script>`;
}

/**
 * The server-to-server postback URL with `{placeholders}`: `{source_id}` and `{secret}` are those of a
 * postback source (`POST /v1/postback-sources`); the write key is not accepted there (issue 12 #1),
 * so `_writeKey` is unused.
 */
export function postbackTemplate(origin: string, _writeKey: string, currency: string): string {
  return `${origin}/v1/postback?source={source_id}&secret={secret}&click_id={click_id}&order_id={order_id}&amount={amount}&currency=${encodeURIComponent(currency)}`;
}

/** The full tracking URL of a link slug. */
export function trackingUrl(origin: string, slug: string): string {
  return `${origin}/c/${encodeURIComponent(slug)}`;
}

export interface LinkForm {
  slug: string;
  destination: string;
  source: string;
  medium: string;
  campaign: string;
}

export interface LinkBody {
  slug?: string;
  destination: string;
  utm: { source?: string; medium?: string; campaign?: string };
}

/** The POST /v1/links body for the form: trimmed, empty fields left out (the server picks a slug). */
export function linkBody(form: LinkForm): LinkBody {
  const utm: LinkBody['utm'] = {};
  for (const key of ['source', 'medium', 'campaign'] as const) {
    const value = form[key].trim();
    if (value !== '') utm[key] = value;
  }
  const slug = form.slug.trim();
  return { ...(slug !== '' ? { slug } : {}), destination: form.destination.trim(), utm };
}
