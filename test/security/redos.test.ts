/**
 * Issue 12 #8: ReDoS. Channel-rule patterns run on RE2 (re2js, linear time), inputs are matched on
 * their first 256 characters, and a pattern RE2 cannot run (look-around, back-references) is refused.
 * On the old backtracking engine `^(a+)+$` against 30 a's and a "!" takes seconds (2^30 ways to split).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyChannel, defaultChannelRules, touchFacts, validateChannelRules } from '../../src/tracking/channel-rules.js';
import { type ChannelRule } from '../../src/records/channel-rule.js';
import type { EventRecord } from '../../src/records/events.js';
import { startSecurityServer, type SecurityServer } from '../helpers/security-server.js';

const evil = `${'a'.repeat(30)}!`; // 31 characters
const rules: ChannelRule[] = [{ channel: 'evil', source: '^(a+)+$' }];

const timed = <T>(fn: () => T): { value: T; ms: number } => {
  const t0 = performance.now();
  const value = fn();
  return { value, ms: performance.now() - t0 };
};

describe('ReDoS in channel rules (issue 12 #8)', () => {
  it("classifies a 31-character utm_source against ^(a+)+$ fast, and still matches what the rule means", () => {
    const slow = timed(() => classifyChannel(touchFacts({ utm: { source: evil } } as EventRecord), rules));
    expect(slow.value).toBe('other'); // tagged traffic no rule matches
    expect(slow.ms).toBeLessThan(1000);
    expect(classifyChannel(touchFacts({ utm: { source: 'AAAA' } } as EventRecord), rules)).toBe('evil');
    // A 100,000-character source is matched on its first 256 characters.
    const long = timed(() => classifyChannel(touchFacts({ utm: { source: 'a'.repeat(100_000) } } as EventRecord), rules));
    expect(long.value).toBe('evil');
    expect(long.ms).toBeLessThan(1000);
  });

  it('the default referrer rules stay fast on a huge host (longer than a DNS name: it matches no rule)', () => {
    const host = `${'google.'.repeat(20_000)}-`; // no search host: ends in '-'
    const r = timed(() => classifyChannel({ referrer_host: host, click_id_kinds: [] }, defaultChannelRules));
    expect(r.value).toBe('referral');
    expect(r.ms).toBeLessThan(1000);
    expect(classifyChannel({ referrer_host: 'google.com.vn', click_id_kinds: [] }, defaultChannelRules)).toBe('organic_search');
    expect(classifyChannel({ referrer_host: 'm.facebook.com', click_id_kinds: [] }, defaultChannelRules)).toBe('organic_social');
  });

  it('refuses patterns RE2 cannot run, and overlong patterns, naming the field', () => {
    expect(validateChannelRules([{ channel: 'x', source: '(a)\\1' }]).map((i) => i.path)).toEqual(['rules.0.source']);
    expect(validateChannelRules([{ channel: 'x', medium: '^(?=a)a$' }]).map((i) => i.path)).toEqual(['rules.0.medium']);
    expect(validateChannelRules([{ channel: 'x', referrer_host: 'a'.repeat(1001) }]).map((i) => i.path)).toEqual(['rules.0.referrer_host']);
    expect(validateChannelRules([{ channel: 'x', source: '^(a+)+$' }])).toEqual([]);
  });

  describe('over HTTP', () => {
    let server: SecurityServer;
    beforeAll(async () => {
      server = await startSecurityServer({ port: 0, demo: false, quiet: true, adminToken: 'adm', writeKey: 'wk' });
    });
    afterAll(async () => {
      await server?.close();
    });

    it('an admin rule ^(a+)+$ and a stored event with a 31-character utm_source: re-classifying answers at once', async () => {
      const sent = await fetch(`${server.url}/v1/events`, {
        method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer wk' },
        body: JSON.stringify({ events: [{ id: 'e1', type: 'page_view', ts: new Date().toISOString(), anonymous_id: 'a1', url: `https://shop.example/?utm_source=${evil}`, utm: { source: evil, medium: 'x' } }] }),
      });
      expect(sent.status, await sent.clone().text()).toBeLessThan(300);
      await server.settle(); // the event is stored: re-classifying runs over it
      const t0 = performance.now();
      const res = await fetch(`${server.url}/v1/channels/rules`, { method: 'PUT', headers: { 'content-type': 'application/json', authorization: 'Bearer adm' }, body: JSON.stringify({ rules }) });
      const ms = performance.now() - t0;
      expect(res.status).toBe(200);
      await res.json();
      expect(ms).toBeLessThan(5000); // the old backtracking engine: seconds per event (2^30 ways to split 30 a's)
      const refused = await fetch(`${server.url}/v1/channels/rules`, { method: 'PUT', headers: { 'content-type': 'application/json', authorization: 'Bearer adm' }, body: JSON.stringify({ rules: [{ channel: 'x', source: '(a)\\1' }] }) });
      expect(refused.status).toBe(400);
      expect((await refused.json()).issues[0].path).toBe('rules.0.source');
    });
  });
});
