import { describe, expect, it } from 'vitest';
import { progressLine, terminalProgress } from './progress.js';

/** A stand-in for process.stderr that records what is written. */
function stream(isTTY: boolean): NodeJS.WriteStream & { text: string } {
  const s = { isTTY, text: '', write(chunk: string) { s.text += chunk; return true; } };
  return s as unknown as NodeJS.WriteStream & { text: string };
}

describe('terminal progress (issue 11 #15)', () => {
  it('writes nothing when stderr is not a terminal', () => {
    const out = stream(false);
    const p = terminalProgress('demo', out);
    p.update(1, 2, 'events');
    p.end();
    expect(out.text).toBe('');
  });

  it('redraws one line on a terminal and clears it at the end', () => {
    const out = stream(true);
    let now = 1_000;
    const p = terminalProgress('demo', out, () => now);
    p.update(200_000, 1_000_000, 'events');
    now += 150;
    p.update(300_000, 1_000_000, 'events'); // within 200 ms: skipped
    p.update(1_000_000, 1_000_000, 'leads'); // the last one always draws
    p.end();
    expect(out.text).toBe('\r\x1b[Kdemo: 20% (200,000 / 1,000,000) events\r\x1b[Kdemo: 100% (1,000,000 / 1,000,000) leads\r\x1b[K');
  });

  it('words a line with a floor percentage and no total as 0%', () => {
    expect(progressLine('import events', 999, 1000)).toBe('import events: 99% (999 / 1,000)');
    expect(progressLine('demo', 0, 0, 'generating')).toBe('demo: 0% (0 / 0) generating');
  });
});
