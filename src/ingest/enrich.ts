import type { EventRecord, StoredEvent } from '../records/events.js';
import { classifyChannel, hostOf, touchFacts } from '../tracking/channel-rules.js';
import { type ChannelRule } from '../records/channel-rule.js';

/**
 * The event as stored: the accepted record plus the columns ingestion derives (channel, landing
 * page, country, device). A new object of one fixed shape, fields absent from the event left
 * undefined (JSON drops them): adding properties to the parsed object, as this did, cost ten
 * times the classification itself, and made the spool's JSON.stringify twice as slow (issue 14).
 */
export function enrichEvent(event: EventRecord, rules: ChannelRule[]): StoredEvent {
  const props = event.properties;
  const country = props && textProp(props.country);
  const device = props && textProp(props.device);
  return {
    id: event.id,
    type: event.type,
    ts: event.ts,
    anonymous_id: event.anonymous_id,
    user_id: event.user_id,
    session_id: event.session_id,
    name: event.name,
    url: event.url,
    referrer: event.referrer,
    utm: event.utm,
    click_id: event.click_id,
    order_id: event.order_id,
    revenue: event.revenue,
    properties: props,
    channel: channelOf(event, rules),
    landing_page: pathOf(event.url),
    country: country ? country.toUpperCase() : undefined,
    device: device ? device.toLowerCase() : undefined,
  };
}

/** Channels depend on a few facts with few distinct values: remember recent answers per rule set. */
const channelCache = new WeakMap<ChannelRule[], Map<string, string>>();

function channelOf(event: EventRecord, rules: ChannelRule[]): string {
  const own = hostOf(event.url);
  let cache = channelCache.get(rules);
  if (!cache) channelCache.set(rules, (cache = new Map()));
  // Most events are told by a key made without `touchFacts` (which parses the query): a hit costs no parse.
  const quick = quickKey(event, own);
  if (quick !== undefined) {
    const hit = cache.get(quick);
    if (hit !== undefined) return hit;
  }
  const facts = touchFacts(event);
  const key = `${facts.source ?? ''}\u0000${facts.medium ?? ''}\u0000${facts.referrer_host ?? ''}\u0000${facts.click_id_kinds.join(',')}\u0000${own ?? ''}`;
  let channel = cache.get(key);
  if (channel === undefined) {
    channel = classifyChannel(facts, rules, own);
    if (cache.size > 50_000) cache.clear();
    cache.set(key, channel);
  }
  if (quick !== undefined) cache.set(quick, channel);
  return channel;
}

/** Click id parameters make every URL's query distinct: such events take the facts' key. */
const clickIdInQuery = /gclid|msclkid|fbclid|ttclid|rl_cid/i;

/**
 * Everything `touchFacts` and `classifyChannel` read of an event without properties: its UTM
 * fields (absent told apart from empty), its referrer's host, whether its click id is the
 * server's, its own host and its URL's query as written. Undefined for an event with properties
 * (click ids may hide there) or a click id in its query (the key would never repeat).
 */
function quickKey(event: EventRecord, own: string | undefined): string | undefined {
  if (event.properties) return undefined;
  const url = event.url;
  const q = url ? url.indexOf('?') : -1;
  const query = q < 0 ? '' : url!.slice(q);
  if (query && clickIdInQuery.test(query)) return undefined;
  const utm = event.utm;
  const clickId = event.click_id === undefined ? '' : event.click_id.startsWith('rl_') ? 'r' : 'u';
  return `\u0001${utm?.source ?? '\u0002'}\u0000${utm?.medium ?? '\u0002'}\u0000${hostOf(event.referrer) ?? ''}\u0000${clickId}\u0000${own ?? ''}\u0000${query}`;
}

function textProp(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 && v.length <= 64 ? v : undefined;
}

const pathPattern = /^(?:[a-z][a-z0-9+.-]*:\/\/[^/?#]*)?([^?#]*)/i;

function pathOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  const path = pathPattern.exec(url)?.[1];
  return path ? (path.startsWith('/') ? path : `/${path}`) : '/';
}
