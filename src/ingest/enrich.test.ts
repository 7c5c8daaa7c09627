import { describe, expect, it } from 'vitest';
import type { ChannelRule } from '../records/channel-rule.js';
import type { EventRecord } from '../records/events.js';
import { classifyChannel, defaultChannelRules, hostOf, touchFacts } from '../tracking/channel-rules.js';
import { enrichEvent } from './enrich.js';

/** A small deterministic generator (the same corpus every run). */
function rng(seed: number) {
  let s = seed;
  return () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
}

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];

describe('enrichEvent channel', () => {
  it('answers, for every event, the channel of its touch facts, whichever event first filled the cache', () => {
    const r = rng(7);
    const urls = [undefined, 'https://shop.example/p/1', 'https://shop.example/p/2?utm_source=google&utm_medium=cpc', 'https://www.shop.example/?utm_source=Newsletter',
      'https://shop.example/x?gclid=abc', 'https://shop.example/x?utm_source=facebook&utm_medium=paid_social#top', 'https://other.example/?utm_medium=email',
      'https://shop.example/a?ref=1', 'https://shop.example/?fbclid=z1', 'https://shop.example/?utm_source=%47oogle', 'shop.example/no-scheme?utm_source=bing'];
    const referrers = [undefined, '', 'https://www.google.com/search?q=x', 'https://shop.example/cart', 'https://news.ycombinator.com/item', 'https://l.facebook.com/'];
    const utms = [undefined, {}, { source: '' }, { source: 'google', medium: 'cpc' }, { source: 'Google' }, { medium: 'email' }, { source: 'facebook', medium: 'paid_social' }];
    const clickIds = [undefined, 'rl_abc', 'xyz'];
    const properties = [undefined, undefined, undefined, { gclid: 'g1' }, { country: 'de' }];
    const own: ChannelRule[] = [{ channel: 'Mail', medium: '^e-?mail$' }, { channel: 'Search', referrer_host: 'google' }, ...defaultChannelRules];
    for (const rules of [defaultChannelRules, own]) {
      for (let i = 0; i < 3000; i++) {
        const event: EventRecord = {
          id: `e${i}`, type: 'page_view', ts: '2026-03-01T10:00:00.000Z', anonymous_id: 'a',
          url: pick(r, urls), referrer: pick(r, referrers), utm: pick(r, utms), click_id: pick(r, clickIds), properties: pick(r, properties),
        };
        const expected = classifyChannel(touchFacts(event), rules, hostOf(event.url));
        expect(enrichEvent(event, rules).channel, JSON.stringify(event)).toBe(expected);
      }
    }
  });
});
