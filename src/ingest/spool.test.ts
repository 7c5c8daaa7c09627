import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/helpers/temp.js';
import type { StoredEvent } from '../records/events.js';
import { EventSpool } from './spool.js';

const event = (id: string): StoredEvent => ({ id, type: 'page_view', ts: '2026-03-01T10:00:00.000Z', anonymous_id: 'a', channel: 'direct' });
const idsIn = (path: string) => readFileSync(path, 'utf8').split('\n').filter(Boolean).flatMap((line) => (JSON.parse(line) as { e: { id: string }[] }).e.map((e) => e.id));

describe('EventSpool', () => {
  const tmp = tempDir('roilens-spool-');
  afterAll(() => tmp.cleanup());

  it('keeps every acknowledged batch exactly once across seals taken while batches keep arriving', async () => {
    const spool = await EventSpool.open(`${tmp.dir}/a`);
    const acked: string[] = [];
    const appends: Promise<void>[] = [];
    const seals: Promise<string[]>[] = [];
    for (let i = 0; i < 60; i++) {
      const ids = [`e${i}a`, `e${i}b`];
      appends.push(spool.append('ws', ids.map(event)).then(() => void acked.push(...ids)));
      // A seal among the appends: the batches written before it are synced into the sealed segment, later ones go to the next.
      if (i % 7 === 3) seals.push(spool.seal());
      // Some batches are waited for: the seals then find batches written and not yet synced.
      if (i % 5 === 0) await appends[i];
    }
    await Promise.all(appends);
    const paths = [...new Set([...(await Promise.all(seals)).flat(), ...(await spool.seal())])];
    expect(acked).toHaveLength(120);
    expect(paths.length).toBeGreaterThan(2);
    const stored = paths.flatMap(idsIn);
    expect(stored.sort()).toEqual([...acked].sort());
    expect(spool.pendingEvents).toBe(120);
    // The ids the store gets back for the segments are those batches', each once.
    expect(spool.stored(paths).flatMap((b) => b.ids).sort()).toEqual([...acked].sort());
    expect(spool.pendingEvents).toBe(0);
    await spool.close();
  });

  it('loads the segments a previous run left, and answers a seal with nothing new as the same list', async () => {
    const first = await EventSpool.open(`${tmp.dir}/b`);
    await first.append('ws', [event('x1'), event('x2')]);
    await first.close();
    const again = await EventSpool.open(`${tmp.dir}/b`);
    const paths = await again.seal();
    expect(paths).toHaveLength(1);
    expect(idsIn(paths[0])).toEqual(['x1', 'x2']);
    expect(await again.seal()).toEqual(paths);
    await again.close();
  });
});
