import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { register } from '../cli/commands/experiment.js';
import { planExperiment } from '../reports/experiments/experiments.js';
import { AppError } from '../shared/errors.js';

async function run(args: string[]): Promise<string> {
  const program = new Command('roilens').exitOverride();
  register(program);
  let out = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  await program.parseAsync(args, { from: 'user' });
  return out;
}

afterEach(() => vi.restoreAllMocks());

describe('roilens experiment (CLI contract)', () => {
  it('plan prints users_per_variant = ceil(R power.prop.test n)', async () => {
    // R: power.prop.test(p1 = 0.05, p2 = 0.055, power = 0.8)$n = 31233.44 -> 31234
    const doc = JSON.parse(await run(['experiment', 'plan', '--baseline', '0.05', '--mde', '0.1', '--power', '0.8', '--format', 'json', '--daily-users', '5000']));
    expect(doc.users_per_variant).toBe(31234);
    expect(doc.days).toBe(13); // 62468 / 5000 = 12.49 -> 13
  });

  it('analyze prints exactly one JSON document with the contract keys', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'roilens-exp-'));
    const file = join(dir, 'ab.json');
    writeFileSync(file, JSON.stringify({ metric: 'binomial', variants: [{ name: 'A', users: 5000, conversions: 200 }, { name: 'B', users: 5000, conversions: 250 }] }));
    const doc = JSON.parse(await run(['experiment', 'analyze', '--input', file, '--format', 'json']));
    expect(Object.keys(doc)).toContain('srm_p_value');
    expect(Object.keys(doc.variants[1])).toEqual(expect.arrayContaining(['name', 'users', 'rate', 'lift', 'ci_low', 'ci_high', 'p_value', 'chance_to_win', 'risk']));
    expect(doc.variants[1].p_value).toBeCloseTo(0.015868965355167013, 12);
  });

  it('bad flags are AppErrors naming the flag', async () => {
    await expect(run(['experiment', 'plan', '--baseline', '1.2', '--mde', '0.1', '--power', '0.8'])).rejects.toThrow(/--baseline/);
    await expect(run(['experiment', 'plan', '--baseline', '0.05', '--mde', '0.1', '--power', '1'])).rejects.toThrow(AppError);
    await expect(run(['experiment', 'analyze', '--input', '/nonexistent.json'])).rejects.toThrow(/--input/);
  });

  it('plan applies exactly the limits of GET /v1/experiments/plan (one handler): same answers, same rejected parameters', async () => {
    const cases: Record<string, string>[] = [
      { baseline: '0.05', mde: '0.1', power: '0.8' },
      { baseline: '0.05', mde: '0.1', power: '0.8', variants: '30' }, // HTTP allows at most 26 variants; the CLI used to accept any number
      { baseline: '0.05', mde: '0.1', power: '0.8', alpha: '0.6' },
      { baseline: '0.05', mde: '0.1', power: '0.8', daily_users: '0.5' }, // HTTP takes any positive rate; the CLI used to require 1
      { baseline: '0.05', mde: '0.1', power: '0.8', variants: '3', daily_users: '900', current_users: '100,200' },
      { baseline: '40', mde: '0.05', power: '0.9', metric: 'mean' },
      { baseline: '40', mde: '0.05', power: '0.9', metric: 'mean', sd: '12' },
      { baseline: '0.95', mde: '0.1', power: '0.8' },
    ];
    for (const query of cases) {
      const args = Object.entries(query).flatMap(([k, v]) => [`--${k.replace(/_/g, '-')}`, v]);
      let http: unknown;
      try {
        http = planExperiment(query);
      } catch (err) {
        http = err;
      }
      const cli = await run(['experiment', 'plan', ...args, '--format', 'json']).then((out) => JSON.parse(out), (err: unknown) => err);
      if (http instanceof AppError) {
        expect(cli).toBeInstanceOf(AppError);
        expect((cli as AppError).issues[0].path).toBe(`--${http.issues[0].path.replace(/_/g, '-')}`);
        expect((cli as AppError).issues[0].message).toBe(http.issues[0].message);
      } else {
        expect(cli).toEqual(http);
      }
    }
    await expect(run(['experiment', 'plan', '--baseline', '0.05', '--mde', '0.1', '--power', '0.8', '--variants', '30'])).rejects.toThrow(/--variants: must be an integer from 2 to 26/);
    const slow = JSON.parse(await run(['experiment', 'plan', '--baseline', '0.05', '--mde', '0.1', '--power', '0.8', '--daily-users', '0.5', '--format', 'json']));
    expect(slow.users_per_variant).toBe(31234);
  });
});
