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
  const facts = touchFacts(event);
  const own = hostOf(event.url);
  const key = `${facts.source ?? ''}\u0000${facts.medium ?? ''}\u0000${facts.referrer_host ?? ''}\u0000${facts.click_id_kinds.join(',')}\u0000${own ?? ''}`;
  let cache = channelCache.get(rules);
  if (!cache) channelCache.set(rules, (cache = new Map()));
  let channel = cache.get(key);
  if (channel === undefined) {
    channel = classifyChannel(facts, rules, own);
    if (cache.size > 50_000) cache.clear();
    cache.set(key, channel);
  }
  return channel;
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
