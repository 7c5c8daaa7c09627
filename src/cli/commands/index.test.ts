import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../main.js';
import { helpSummary } from './help-summary.generated.js';
import { commandEntries, commandModulesFor, summarize, summarySource } from './index.js';

const allModules = () => Promise.all(commandEntries.map((e) => e.load()));

/** What a program answers to `argv` (help, usage errors; no command runs): its exit code, stdout and stderr at `width` columns. */
async function answer(modules: Awaited<ReturnType<typeof allModules>>, argv: string[], width: number) {
  let out = '';
  let err = '';
  const program = buildProgram(modules).configureOutput({ writeOut: (s) => (out += s), writeErr: (s) => (err += s), getOutHelpWidth: () => width, getErrHelpWidth: () => width });
  let code = 0;
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (!(e instanceof CommanderError)) throw e;
    code = e.exitCode;
  }
  return { code, out, err };
}

describe('the CLI loads only the command modules a command line needs', () => {
  it("each entry's words are exactly the top-level commands its module registers", async () => {
    for (const entry of commandEntries) {
      const program = new Command('roilens');
      (await entry.load()).register(program);
      expect(program.commands.map((c) => c.name()).sort(), entry.words.join(',')).toEqual([...entry.words].sort());
    }
  });

  it('a known first word (or the word after help) loads its entries only; help, a typo or a leading option value load none, placeholders stand for all', async () => {
    const registered = async (argv: string[], summary = helpSummary) => {
      const program = new Command('roilens');
      for (const mod of await commandModulesFor(argv, summary)) mod.register(program);
      return program.commands.map((c) => c.name());
    };
    expect(await registered(['kpi', '--from', '2026-01-01'])).toEqual(['kpi']);
    expect(await registered(['help', 'kpi'])).toEqual(['kpi']);
    expect(await registered(['partners', 'leaderboard'])).toEqual(['partners', 'orders', 'payouts']);
    const all = commandEntries.flatMap((e) => e.words);
    for (const argv of [[], ['--help'], ['help'], ['help', 'nope'], ['kpis'], ['--workspace', 'w1', 'kpi']]) {
      expect(new Set(await registered(argv)), argv.join(' ')).toEqual(new Set(all));
      expect((await commandModulesFor(argv)).length, argv.join(' ')).toBe(1);
    }
    // Without a summary (none generated) help loads every module, as before.
    expect((await commandModulesFor(['--help'], [])).length).toBe(commandEntries.length);
  });

  it('help-summary.generated.ts is current (run npm run gen:cli-help)', async () => {
    const file = readFileSync(new URL('./help-summary.generated.ts', import.meta.url), 'utf8');
    expect(file).toBe(summarySource(summarize(buildProgram(await allModules()))));
    expect(helpSummary.find((s) => s.name === 'kpi')?.term).toBe('kpi [options]');
  });

  it('the placeholders answer help, typos and usage errors exactly as the real commands do, at any width', async () => {
    const real = await allModules();
    for (const argv of [[], ['--help'], ['-h'], ['help'], ['help', 'nope'], ['kpis'], ['partner'], ['--workspace', 'w1', 'kpi'], ['--create']]) {
      for (const width of [80, 132]) {
        const expected = await answer(real, argv, width);
        expect(await answer(await commandModulesFor(argv), argv, width), `${argv.join(' ')} at ${width}`).toEqual(expected);
      }
    }
    // The comparison sees the commands: the real help lists them, a typo names its neighbour.
    expect((await answer(real, ['--help'], 80)).out).toMatch(/\n {2}kpi \[options\] +Every KPI by channel/);
    expect((await answer(real, ['kpis'], 80)).err).toMatch(/unknown command 'kpis'\n\(Did you mean kpi\?\)/);
  });
});

describe('the built CLI does not load DuckDB until a command opens its store (issue 14: CLI start-up)', () => {
  const root = fileURLToPath(new URL('../../..', import.meta.url));
  const work = mkdtempSync(join(tmpdir(), 'roilens-cli-load-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  // Preloaded into the CLI's process: at exit, says which files of @duckdb/* Node's module cache holds (the bindings are CommonJS).
  const hook = join(work, 'duckdb-loaded.cjs');
  writeFileSync(hook, "process.on('exit', () => process.stderr.write('\\nduckdb modules loaded: ' + Object.keys(require.cache).filter((f) => f.includes('@duckdb')).length + '\\n'));\n");
  const duckdbModules = (args: string[]) => {
    const r = spawnSync('node', [join(root, 'bin', 'roilens'), ...args], { cwd: work, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: `--require ${hook}` } });
    const m = /duckdb modules loaded: (\d+)/.exec(r.stderr);
    if (!m) throw new Error(`no report from the hook (exit ${r.status}): ${r.stderr.slice(-1000)}`);
    return { status: r.status, stdout: r.stdout, loaded: Number(m[1]) };
  };

  it('roilens --help and roilens kpi --help answer without DuckDB', () => {
    const help = duckdbModules(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/\n {2}kpi \[options\] /);
    expect(help.loaded).toBe(0);
    const kpiHelp = duckdbModules(['kpi', '--help']);
    expect(kpiHelp.status).toBe(0);
    expect(kpiHelp.stdout).toMatch(/Usage: roilens kpi \[options\]/);
    expect(kpiHelp.loaded).toBe(0);
  }, 60_000);

  it('the check sees DuckDB when a command opens a store: roilens kpi on a new database loads it', () => {
    const run = duckdbModules(['--create', 'kpi', '--db', join(work, 'new.duckdb'), '--format', 'json']);
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toBeTypeOf('object');
    expect(run.loaded).toBeGreaterThan(0);
  }, 60_000);
});
