import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

const bin = new URL('../../bin/roilens', import.meta.url).pathname;

/** A `roilens` command in its own process, with the lines it printed on stdout. */
export interface RoilensProcess {
  child: ChildProcess;
  lines: string[];
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once it exited. */
  stop(graceMs?: number): Promise<void>;
}

/** Starts `bin/roilens <args>` with extra environment variables (and node flags); stderr goes to ours. */
export function spawnRoilens(args: string[], env: Record<string, string>, nodeArgs: string[] = []): RoilensProcess {
  const child = spawn(process.execPath, [...nodeArgs, bin, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const lines: string[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => lines.push(line));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    lines,
    async stop(graceMs = 15_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Waits until `ready()` holds, failing when the process exits first or after `limitMs`. */
export async function waitReady(proc: RoilensProcess, what: string, ready: () => boolean | Promise<boolean>, limitMs = 120_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    if (proc.child.exitCode !== null || proc.child.signalCode !== null) throw new Error(`${what} exited (${proc.child.exitCode ?? proc.child.signalCode}) before it was ready`);
    try {
      if (await ready()) return;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`${what} was not ready after ${limitMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
