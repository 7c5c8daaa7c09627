import { describe, expect, it } from 'vitest';
import { createBatcher } from '../src/batcher.js';
import type { TrackedEvent } from '../src/event.js';

const event = (n: number): TrackedEvent => ({ id: 'e' + n, type: 'custom', ts: '2025-03-20T09:00:00.000Z', anonymous_id: 'a' });

/** A batcher whose timer and transport are recorded instead of run. */
function harness(max?: number) {
  const bodies: string[] = [];
  const timers: { run: () => void; delay: number }[] = [];
  const batcher = createBatcher((body) => bodies.push(body), (run, delay) => timers.push({ run, delay }), max);
  const sentIds = () => bodies.map((body) => (JSON.parse(body).events as TrackedEvent[]).map((e) => e.id));
  return { batcher, bodies, timers, sentIds };
}

describe('createBatcher', () => {
  it('holds events until the 2-second timer fires, then sends one batch', () => {
    const { batcher, timers, sentIds } = harness();
    batcher.add(event(1));
    batcher.add(event(2));
    expect(sentIds()).toEqual([]);
    expect(timers.map((t) => t.delay)).toEqual([2000]);
    timers[0].run();
    expect(sentIds()).toEqual([['e1', 'e2']]);
  });

  it('sends at 20 events without waiting for the timer', () => {
    const { batcher, timers, sentIds } = harness();
    for (let i = 1; i <= 21; i++) batcher.add(event(i));
    expect(sentIds()).toHaveLength(1);
    expect(sentIds()[0]).toHaveLength(20);
    timers.at(-1)!.run();
    expect(sentIds()[1]).toEqual(['e21']);
  });

  it('flushes on demand, sends nothing when empty, and wraps events in {"events":[…]}', () => {
    const { batcher, bodies } = harness();
    batcher.flush();
    expect(bodies).toEqual([]);
    batcher.add(event(1));
    batcher.flush();
    batcher.flush();
    expect(bodies).toEqual([JSON.stringify({ events: [event(1)] })]);
  });

  it('arms a new timer for events buffered after a flush', () => {
    const { batcher, timers } = harness();
    batcher.add(event(1));
    batcher.flush();
    batcher.add(event(2));
    batcher.add(event(3));
    expect(timers).toHaveLength(2);
  });
});
