import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../records/events.js';
import { batchId, decodeBatch, encodeBatches, insertToken, subjectFor } from './batch-message.js';

const event = (id: string): StoredEvent => ({ id, type: 'custom', ts: '2024-03-01T10:00:00.000Z', anonymous_id: 'v1', name: 'tick', channel: 'direct' });
const bytes = (s: string) => Buffer.byteLength(s);

describe('queue batch messages', () => {
  it('batch id is SHA-256 of workspace and ids joined by NUL (python hashlib: a9b12fd7…)', () => {
    // python3 -c "import hashlib;print(hashlib.sha256(b'default\x00e1\x00e2').hexdigest()[:32])"
    expect(batchId('default', ['e1', 'e2'])).toBe('a9b12fd75da829f447057c4a64a4ee8b');
    expect(batchId('other', ['e1', 'e2'])).not.toBe(batchId('default', ['e1', 'e2']));
  });

  it('round-trips a batch in the spool line format with a deterministic message id', () => {
    const events = [event('e1'), event('e2'), { ...event('e3'), revenue: { amount: '12.50', currency: 'EUR' }, utm: { source: 'google' } }];
    const [message, ...rest] = encodeBatches('default', events, 1_000_000);
    expect(rest).toEqual([]);
    expect(message.events).toBe(3);
    expect(message.msgId).toBe(batchId('default', ['e1', 'e2', 'e3']));
    expect(JSON.parse(new TextDecoder().decode(message.data))).toEqual({ w: 'default', e: events });
    expect(decodeBatch(message.data)).toEqual({ workspaceId: 'default', events });
    expect(encodeBatches('default', events, 1_000_000)[0].msgId).toBe(message.msgId);
  });

  it('splits under the byte limit: 5 events of which 2 fit per message give 2 + 2 + 1', () => {
    const events = ['a1', 'a2', 'a3', 'a4', 'a5'].map(event);
    const size = bytes(JSON.stringify(events[0]));
    // {"w":"ws","e":[ + ]} is 17 bytes; two events and a comma take 2·size + 1.
    const limit = 17 + 2 * size + 2;
    const messages = encodeBatches('ws', events, limit);
    expect(messages.map((m) => m.events)).toEqual([2, 2, 1]);
    for (const m of messages) expect(m.data.byteLength).toBeLessThanOrEqual(limit);
    expect(messages[0].data.byteLength).toBe(17 + 2 * size + 1);
    expect(messages.flatMap((m) => decodeBatch(m.data).events.map((e) => e.id))).toEqual(['a1', 'a2', 'a3', 'a4', 'a5']);
    expect(new Set(messages.map((m) => m.msgId)).size).toBe(3);
  });

  it('an event larger than the limit travels alone', () => {
    const big = { ...event('big'), properties: { blob: 'x'.repeat(500) } };
    expect(encodeBatches('ws', [event('s1'), big, event('s2')], 300).map((m) => m.events)).toEqual([1, 1, 1]);
  });

  it('nothing to send gives no message', () => {
    expect(encodeBatches('ws', [], 1000)).toEqual([]);
  });

  it('insert token depends on the set of messages, not their delivery order', () => {
    expect(insertToken('ws', ['m2', 'm1'])).toBe(insertToken('ws', ['m1', 'm2']));
    expect(insertToken('ws', ['m1'])).not.toBe(insertToken('ws', ['m1', 'm2']));
  });

  it('rejects messages that are not batches', () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    expect(() => decodeBatch(enc('{"x":1}'))).toThrow(/not a roilens event batch/);
    expect(() => decodeBatch(enc('{"w":"ws","e":{}}'))).toThrow(/not a roilens event batch/);
    expect(() => decodeBatch(enc('{"w":'))).toThrow();
  });

  it('subjects percent-encode what NATS reserves in a token', () => {
    expect(subjectFor('roilens.events', 'default')).toBe('roilens.events.default');
    expect(subjectFor('roilens.events', 'a.b c*>')).toBe('roilens.events.a%2Eb%20c%2A%3E');
    expect(subjectFor('p', 'ö')).toBe('p.%C3%B6');
  });
});
