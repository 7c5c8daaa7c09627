import type { TrackedEvent } from './event.js';

/** Buffers events and hands them to `send` as one `{"events":[…]}` body. */
export interface Batcher {
  add(event: TrackedEvent): void;
  /** Sends everything buffered now (no-op when empty). */
  flush(): void;
}

/**
 * A batcher that flushes `delayMs` after the first buffered event, as soon as
 * `maxEvents` are buffered, and whenever `flush()` is called (page hide).
 * `send` and `schedule` are injected so the logic is testable without timers.
 */
export function createBatcher(
  send: (body: string) => void,
  schedule: (run: () => void, delayMs: number) => unknown,
  maxEvents = 20,
  delayMs = 2000,
): Batcher {
  let buffer: TrackedEvent[] = [];
  let scheduled = false;
  const flush = (): void => {
    scheduled = false;
    if (!buffer.length) return;
    const events = buffer;
    buffer = [];
    send(JSON.stringify({ events }));
  };
  return {
    add(event) {
      buffer.push(event);
      if (buffer.length >= maxEvents) flush();
      else if (!scheduled) {
        scheduled = true;
        schedule(flush, delayMs);
      }
    },
    flush,
  };
}
