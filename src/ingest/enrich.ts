import type { StoredEvent } from '../store/store.js';
import { classifyChannel, hostOf, touchFacts, type ChannelRule } from './channel-rules.js';
import type { EventRecord } from './records.js';

/** Derives the stored columns of an accepted event: channel, landing page, country and device. */
export function enrichEvent(event: EventRecord, rules: ChannelRule[]): StoredEvent {
  const props = event.properties ?? {};
  return {
    ...event,
    channel: classifyChannel(touchFacts(event), rules, hostOf(event.url)),
    landing_page: pathOf(event.url),
    country: textProp(props.country)?.toUpperCase(),
    device: textProp(props.device)?.toLowerCase(),
  };
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
