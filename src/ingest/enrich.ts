import type { EventRecord, StoredEvent } from '../records/events.js';
import { classifyChannel, hostOf, touchFacts } from '../tracking/channel-rules.js';
import { type ChannelRule } from '../records/channel-rule.js';

/**
 * Derives the stored columns of an accepted event: channel, landing page,
 * country and device. It extends the event object it is given (ingest owns the
 * freshly parsed events; copying them showed up in profiles).
 */
export function enrichEvent(event: EventRecord, rules: ChannelRule[]): StoredEvent {
  const stored = event as StoredEvent;
  const props = event.properties;
  stored.channel = channelOf(event, rules);
  const landing = pathOf(event.url);
  if (landing !== undefined) stored.landing_page = landing;
  const country = props && textProp(props.country);
  if (country) stored.country = country.toUpperCase();
  const device = props && textProp(props.device);
  if (device) stored.device = device.toLowerCase();
  return stored;
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
