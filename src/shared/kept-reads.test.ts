import { describe, expect, it } from 'vitest';
import { KeptReads } from './kept-reads.js';

describe('kept reads', () => {
  it('shares one read per key and version, reads again when the version changes', async () => {
    const kept = new KeptReads(2);
    let reads = 0;
    const read = async () => ++reads;
    const [a, b] = await Promise.all([kept.read('ws', '1', read), kept.read('ws', '1', read)]);
    expect([a, b, reads]).toEqual([1, 1, 1]);
    expect(await kept.read('ws', '2', read)).toBe(2);
    expect(await kept.read('ws', '2', read)).toBe(2);
    expect(await kept.read('other', '2', read)).toBe(3);
  });

  it('does not keep a failed read', async () => {
    const kept = new KeptReads(2);
    await expect(kept.read('ws', '1', () => Promise.reject(new Error('engine down')))).rejects.toThrow('engine down');
    expect(await kept.read('ws', '1', async () => 'answer')).toBe('answer');
  });

  it('keeps at most `size` keys, dropping the least recently asked', async () => {
    const kept = new KeptReads(2);
    let reads = 0;
    const read = async () => ++reads;
    await kept.read('a', '1', read); // 1
    await kept.read('b', '1', read); // 2
    await kept.read('a', '1', read); // kept: a is now the most recent
    await kept.read('c', '1', read); // 3: b dropped
    expect(await kept.read('a', '1', read)).toBe(1);
    expect(await kept.read('b', '1', read)).toBe(4);
  });
});
