import { RE2JS } from 're2js';
import type { ChannelRule } from '../records/channel-rule.js';
import type { EventRecord } from '../records/events.js';

export const clickIdKinds = ['gclid', 'msclkid', 'fbclid', 'ttclid', 'rl_cid'] as const;

const searchEngines = 'google|bing|yahoo|duckduckgo|yandex|baidu|ecosia|naver|coccoc|qwant';
const socialSites = 'facebook|fb|instagram|ig|tiktok|twitter|x|t\\.co|linkedin|pinterest|reddit|snapchat|youtube|telegram|whatsapp|zalo|aparat|vk';
const socialHosts = '(^|\\.)(facebook\\.com|fb\\.com|instagram\\.com|tiktok\\.com|twitter\\.com|x\\.com|t\\.co|linkedin\\.com|lnkd\\.in|pinterest\\.com|reddit\\.com|youtube\\.com|t\\.me|zalo\\.me|aparat\\.com|vk\\.com)$';
const searchHosts = '(^|\\.)(google\\.[a-z.]+|bing\\.com|search\\.yahoo\\.com|duckduckgo\\.com|yandex\\.[a-z.]+|baidu\\.com|ecosia\\.org|naver\\.com|coccoc\\.com|qwant\\.com)$';

export const defaultChannelRules: ChannelRule[] = [
  { channel: 'affiliates', medium: '^affiliates?$' },
  { channel: 'influencer', medium: '^influencers?$' },
  { channel: 'email', medium: '^(e-?mail|newsletter)$' },
  { channel: 'sms', medium: '^sms$' },
  { channel: 'paid_search', source: `^(${searchEngines})$`, medium: '^(cpc|ppc|paid[-_ ]?search|sem)$' },
  { channel: 'paid_search', click_id_kinds: ['gclid', 'msclkid'] },
  { channel: 'paid_social', medium: '^(paid[-_ ]?social|social[-_ ]?paid|social[-_ ]?ads?)$' },
  { channel: 'paid_social', source: `^(${socialSites})$`, medium: '^(cpc|ppc|cpm|paid)$' },
  { channel: 'paid_social', click_id_kinds: ['fbclid', 'ttclid'] },
  { channel: 'display', medium: '^(display|banner|cpm|expandable|interstitial|programmatic)$' },
  { channel: 'paid_video', medium: '^(cpv|cpa-video|video|paid[-_ ]?video)$' },
  { channel: 'paid_other', medium: '^(cpc|ppc|paid.*)$' },
  { channel: 'organic_social', medium: '^(social|social[-_ ]?network|social[-_ ]?media|sm|organic[-_ ]?social)$' },
  { channel: 'organic_social', source: `^(${socialSites})$` },
  { channel: 'organic_social', referrer_host: socialHosts },
  { channel: 'organic_search', medium: '^organic$' },
  { channel: 'organic_search', referrer_host: searchHosts },
  { channel: 'referral', medium: '^(referral|link)$' },
];

/** The facts about one touch that channel rules look at. */
export interface TouchFacts {
  source?: string;
  medium?: string;
  referrer_host?: string;
  click_id_kinds: string[];
}

/** Extracts the facts rules match on from an event (UTM, click ids in properties or the URL, referrer). */
export function touchFacts(event: Pick<EventRecord, 'utm' | 'referrer' | 'click_id' | 'properties' | 'url'>): TouchFacts {
  const kinds = new Set<string>();
  const props = event.properties ?? {};
  for (const kind of clickIdKinds) if (typeof props[kind] === 'string' && props[kind]) kinds.add(kind);
  const query = event.url && /[?&](utm_|gclid|msclkid|fbclid|ttclid|rl_cid)/.test(event.url) ? queryOf(event.url) : undefined;
  for (const kind of clickIdKinds) if (query?.get(kind)) kinds.add(kind);
  if (event.click_id && kinds.size === 0) kinds.add(event.click_id.startsWith('rl_') ? 'rl_cid' : 'unknown');
  return {
    source: capped(event.utm?.source ?? query?.get('utm_source') ?? undefined),
    medium: capped(event.utm?.medium ?? query?.get('utm_medium') ?? undefined),
    referrer_host: hostOf(event.referrer),
    click_id_kinds: [...kinds],
  };
}

/** Source and medium are matched on their first 256 characters, lower-cased. */
export const maxMatchedLength = 256;
/** A longer referrer host is no DNS name: it matches no rule (the touch is a referral). */
const maxHostLength = 253;

function capped(value: string | undefined): string | undefined {
  return value ? value.slice(0, maxMatchedLength).toLowerCase() : undefined;
}

/** Returns the channel of a touch under `rules` (first match wins); each distinct touch is classified once per rule set. */
export function classifyChannel(facts: TouchFacts, rules: ChannelRule[] = defaultChannelRules, ownHost?: string): string {
  const { compiled, memo } = compile(rules);
  const referrer = facts.referrer_host && facts.referrer_host !== ownHost ? facts.referrer_host : undefined;
  const source = facts.source?.slice(0, maxMatchedLength);
  const medium = facts.medium?.slice(0, maxMatchedLength);
  const key = `${source ?? ''}\u0000${medium ?? ''}\u0000${referrer ?? ''}\u0000${facts.click_id_kinds.join(',')}`;
  const known = memo.get(key);
  if (known !== undefined) return known;
  let channel: string | undefined;
  for (const rule of compiled) {
    if (rule.source && !(source && found(rule.source, source))) continue;
    if (rule.medium && !(medium && found(rule.medium, medium))) continue;
    if (rule.referrer && !(referrer && referrer.length <= maxHostLength && found(rule.referrer, referrer))) continue;
    if (rule.kinds && !facts.click_id_kinds.some((k) => rule.kinds!.includes(k))) continue;
    channel = rule.channel;
    break;
  }
  channel ??= source || medium || facts.click_id_kinds.length > 0 ? 'other' : referrer ? 'referral' : 'direct';
  if (memo.size >= maxMemo) memo.clear();
  memo.set(key, channel);
  return channel;
}

/** A search anywhere in the value (like RegExp#test) on RE2: linear in the value's length, whatever the pattern. */
function found(pattern: RE2JS | null, value: string): boolean {
  return pattern !== null && pattern.matcher(value).find();
}

interface CompiledRule {
  channel: string;
  /** null: a stored pattern RE2 cannot compile (saved before patterns were checked with RE2); it never matches. */
  source?: RE2JS | null;
  medium?: RE2JS | null;
  referrer?: RE2JS | null;
  kinds?: string[];
}

const maxMemo = 50_000;
const cache = new WeakMap<ChannelRule[], { compiled: CompiledRule[]; memo: Map<string, string> }>();

function compileOne(pattern: string | undefined): RE2JS | null | undefined {
  if (!pattern) return undefined;
  try {
    return RE2JS.compile(pattern, RE2JS.CASE_INSENSITIVE);
  } catch {
    return null;
  }
}

function compile(rules: ChannelRule[]): { compiled: CompiledRule[]; memo: Map<string, string> } {
  let entry = cache.get(rules);
  if (!entry) {
    entry = {
      compiled: rules.map((r) => ({
        channel: r.channel,
        source: compileOne(r.source),
        medium: compileOne(r.medium),
        referrer: compileOne(r.referrer_host),
        kinds: r.click_id_kinds?.length ? r.click_id_kinds : undefined,
      })),
      memo: new Map(),
    };
    cache.set(rules, entry);
  }
  return entry;
}

/** The longest pattern a rule may hold. */
export const maxPatternLength = 1000;

/** Checks a rule set; returns the problems by index (an empty list means valid). */
export function validateChannelRules(rules: unknown): { path: string; message: string }[] {
  if (!Array.isArray(rules)) return [{ path: 'rules', message: 'expected an array of rules' }];
  const issues: { path: string; message: string }[] = [];
  rules.forEach((rule, i) => {
    if (!rule || typeof rule !== 'object') return issues.push({ path: `rules.${i}`, message: 'expected an object' });
    const r = rule as Record<string, unknown>;
    if (typeof r.channel !== 'string' || !/^[a-z0-9_]{1,64}$/.test(r.channel)) {
      issues.push({ path: `rules.${i}.channel`, message: 'expected a lower-case id of letters, digits and _' });
    }
    for (const key of ['source', 'medium', 'referrer_host'] as const) {
      if (r[key] === undefined) continue;
      if (typeof r[key] !== 'string') issues.push({ path: `rules.${i}.${key}`, message: 'expected a regular expression string' });
      else if ((r[key] as string).length > maxPatternLength) issues.push({ path: `rules.${i}.${key}`, message: `at most ${maxPatternLength} characters` });
      else {
        try {
          RE2JS.compile(r[key] as string, RE2JS.CASE_INSENSITIVE);
        } catch (err) {
          issues.push({ path: `rules.${i}.${key}`, message: `invalid regular expression (RE2 syntax: no look-around or back-references): ${(err as Error).message}` });
        }
      }
    }
    if (r.source === undefined && r.medium === undefined && r.referrer_host === undefined && !r.click_id_kinds) {
      issues.push({ path: `rules.${i}`, message: 'a rule needs at least one condition' });
    }
    return undefined;
  });
  return issues;
}

/** The first value of each parameter of a query, as `URLSearchParams.get` answers. */
export interface QueryValues {
  get(name: string): string | null;
}

/**
 * The query of a URL, read as `URLSearchParams` reads it. This runs for every event with UTMs or a
 * click id (issue 14: building URLSearchParams was most of an event's classification): a query
 * without `%`, `+` or UTF-16 surrogates decodes to itself, so its pairs are split here; any other
 * goes through URLSearchParams.
 */
export function queryOf(url: string | undefined): QueryValues | undefined {
  if (!url) return undefined;
  const q = url.indexOf('?');
  if (q < 0) return undefined;
  const hash = url.indexOf('#', q);
  const text = url.slice(q + 1, hash < 0 ? undefined : hash);
  if (/[%+\uD800-\uDFFF]/.test(text)) return new URLSearchParams(text);
  // URLSearchParams drops one leading '?' of its text.
  const pairs = text.startsWith('?') ? text.slice(1) : text;
  const first = new Map<string, string>();
  for (const part of pairs.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    if (!first.has(key)) first.set(key, eq < 0 ? '' : part.slice(eq + 1));
  }
  return { get: (name) => first.get(name) ?? null };
}

const hostPattern = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?([^/?#:]+)/i;

/** The host of an absolute URL, lower-cased and without `www.` (a regex: this runs for every event). */
export function hostOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  const host = hostPattern.exec(url)?.[1];
  return host ? host.toLowerCase().replace(/^www\./, '') : undefined;
}
