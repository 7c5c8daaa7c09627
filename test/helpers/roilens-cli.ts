import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const bin = new URL('../../bin/roilens', import.meta.url).pathname;
const run = promisify(execFile);

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `bin/roilens` with the arguments (no demo world) and returns its exit code and output. */
export async function roilens(...args: string[]): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { env: { ...process.env, ROILENS_DEMO: '0' } });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as CliResult;
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
