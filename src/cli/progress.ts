/**
 * Progress of long CLI work (demo, big imports, migrations) on a terminal: one
 * line on stderr redrawn in place, at most every 200 ms. Nothing is written
 * when stderr is not a terminal, so piped and scripted runs stay clean.
 */
export interface Progress {
  /** `done` of `total` units, with what is being done now. */
  update(done: number, total: number, what?: string): void;
  /** Clears the line. */
  end(): void;
}

/**
 * @example
 *   const progress = terminalProgress('demo');
 *   progress.update(200_000, 1_000_000, 'events'); // "demo: 20% (200,000 / 1,000,000) events"
 *   progress.end();
 */
export function terminalProgress(label: string, stream: NodeJS.WriteStream = process.stderr, clock: () => number = Date.now): Progress {
  if (!stream.isTTY) return { update: () => undefined, end: () => undefined };
  let last = 0;
  let drawn = false;
  return {
    update(done, total, what) {
      const now = clock();
      if (now - last < 200 && done < total) return;
      last = now;
      drawn = true;
      stream.write(`\r\x1b[K${progressLine(label, done, total, what)}`);
    },
    end() {
      if (drawn) stream.write('\r\x1b[K');
      drawn = false;
    },
  };
}

/** The text of a progress line: `label: 42% (420 / 1,000) what`. */
export function progressLine(label: string, done: number, total: number, what?: string): string {
  const pct = total > 0 ? Math.floor((done / total) * 100) : 0;
  return `${label}: ${pct}% (${done.toLocaleString('en')} / ${total.toLocaleString('en')})${what ? ` ${what}` : ''}`;
}
