import { describe, expect, it } from 'vitest';
import { classifyChannel, defaultChannelRules, hostOf, queryOf, touchFacts, validateChannelRules } from './channel-rules.js';
import { mulberry32 } from '../shared/random.js';
import type { EventRecord } from '../records/events.js';

const channelOf = (e: Partial<EventRecord>) => classifyChannel(touchFacts(e as EventRecord), defaultChannelRules, hostOf(e.url));

describe('default channel grouping', () => {
  it.each([
    [{ utm: { source: 'google', medium: 'cpc' } }, 'paid_search'],
    [{ url: 'https://shop.example/?gclid=abc' }, 'paid_search'],
    [{ properties: { msclkid: 'x' } }, 'paid_search'],
    [{ utm: { source: 'facebook', medium: 'paid_social' } }, 'paid_social'],
    [{ utm: { source: 'instagram', medium: 'cpc' } }, 'paid_social'],
    [{ url: 'https://shop.example/?fbclid=1' }, 'paid_social'],
    [{ utm: { source: 'criteo', medium: 'display' } }, 'display'],
    [{ utm: { source: 'newsletter', medium: 'email' } }, 'email'],
    [{ utm: { source: 'partner_blog', medium: 'affiliate' } }, 'affiliates'],
    [{ utm: { source: 'sara', medium: 'influencer' } }, 'influencer'],
    [{ referrer: 'https://www.google.com/' }, 'organic_search'],
    [{ referrer: 'https://www.google.co.uk/search?q=x' }, 'organic_search'],
    [{ referrer: 'https://coccoc.com/search' }, 'organic_search'],
    [{ referrer: 'https://t.co/abc' }, 'organic_social'],
    [{ utm: { source: 'telegram', medium: 'social' } }, 'organic_social'],
    [{ referrer: 'https://someblog.example/post' }, 'referral'],
    [{}, 'direct'],
    [{ utm: { source: 'mystery', medium: 'carrier-pigeon' } }, 'other'],
  ])('%j → %s', (event, channel) => {
    expect(channelOf(event as Partial<EventRecord>)).toBe(channel);
  });

  it('treats navigation inside the own site as direct, not referral', () => {
    expect(channelOf({ url: 'https://shop.example/cart', referrer: 'https://shop.example/product' })).toBe('direct');
  });

  it('applies custom rules in order, first match wins', () => {
    const rules = [{ channel: 'podcast', source: '^podcast_' }, ...defaultChannelRules];
    expect(classifyChannel(touchFacts({ utm: { source: 'podcast_tech', medium: 'cpc' } } as EventRecord), rules)).toBe('podcast');
  });

  it('validates rule sets with paths', () => {
    expect(validateChannelRules([{ channel: 'ok', medium: '^x$' }])).toEqual([]);
    expect(validateChannelRules([{ channel: 'Bad Name', medium: '(' }, { channel: 'x' }]).map((i) => i.path)).toEqual(['rules.0.channel', 'rules.0.medium', 'rules.1']);
    expect(validateChannelRules('nope')).toEqual([{ path: 'rules', message: 'expected an array of rules' }]);
  });
});

describe('queryOf', () => {
  it('answers every parameter as URLSearchParams does, for random queries (property)', () => {
    const rand = mulberry32(14);
    const pieces = ['utm_source', 'utm_medium', 'gclid', 'rl_cid', '=', '=', '&', '&&', 'a', 'Google', 'cpc', '%20', '%', '%zz', '+', '#', '?', 'é', '\uD83D\uDE00', '\uD800', ' '];
    const names = ['utm_source', 'utm_medium', 'gclid', 'rl_cid', 'a', 'x'];
    for (let i = 0; i < 5_000; i++) {
      let query = '';
      for (let n = Math.floor(rand() * 12); n > 0; n--) query += pieces[Math.floor(rand() * pieces.length)];
      const url = `https://shop.example/p?${query}`;
      const hash = url.indexOf('#', url.indexOf('?'));
      const reference = new URLSearchParams(url.slice(url.indexOf('?') + 1, hash < 0 ? undefined : hash));
      const values = queryOf(url)!;
      for (const name of names) expect(values.get(name), `${name} in ${JSON.stringify(query)}`).toBe(reference.get(name));
    }
    expect(queryOf('https://shop.example/p')).toBeUndefined();
  });
});
