import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.listen(0, () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** Starts `roilens start` in its own process (so the load generator does not share its event loop). */
/** The running server; `summaries` settles when its start's summaries (rollups, ledger, CLV fit: src/server/summaries.ts) are built or failed. */
export interface ServerProcess {
  child: ChildProcess;
  url: string;
  summaries: Promise<void>;
  stop: () => Promise<void>;
}

export async function startServerProcess(db: string, opts: { demo?: boolean } = {}): Promise<ServerProcess> {
  const port = await freePort();
  const bin = new URL('../../bin/roilens', import.meta.url).pathname;
  const child = spawn(process.execPath, [bin, 'start', '--db', db, '--port', String(port), ...(opts.demo ? [] : ['--no-demo'])], {
    env: { ...process.env, ROILENS_ADMIN_TOKEN: 'adm', ROILENS_WRITE_KEY: 'wk' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // The console is passed on; the summaries line is watched for (a measure of "warm" waits for it).
  let seen = '';
  const summaries = new Promise<void>((resolve) => {
    const watch = (chunk: Buffer) => {
      process.stderr.write(chunk);
      seen = (seen + chunk.toString()).slice(-4096);
      if (/summaries of workspace \S+ built|building the summaries of workspace \S+ failed/.test(seen)) resolve();
    };
    child.stdout!.on('data', watch);
    child.stderr!.on('data', watch);
    child.once('exit', () => resolve());
  });
  const url = `http://127.0.0.1:${port}`;
  // Up to 2 minutes to answer, then as long as it says it is loading the demo world (on a loaded machine, minutes).
  const answerBy = Date.now() + 120_000;
  const loadedBy = Date.now() + 30 * 60_000;
  for (let loading = false; Date.now() < (loading ? loadedBy : answerBy) && child.exitCode === null; ) {
    try {
      const res = await fetch(`${url}/health`);
      loading = res.status === 503 && ((await res.json()) as { status?: string }).status === 'loading';
      if (res.ok) {
        const stop = () =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
          });
        return { child, url, summaries, stop };
      }
    } catch {
      // starting
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error('server did not start');
}

/** Resident memory of a process in MB (Linux). */
export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}
