/**
 * `roilens attribution --paths FILE.csv --model M` (design.md's contract) on a path file whose
 * credits are worked out by hand, and several models of one file in one run (issue 14:
 * `--model first,last,linear` reads the file once): each model's column equals its own run.
 *
 * The file: "a > b" converted twice for 20 with one null, "b" once for 10. By hand —
 * first: a 2 (20), b 1 (10); last: b 3 (30); linear: a 1 (10), b 2 (20).
 */
import { writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { roilens, type CliResult } from '../helpers/roilens-cli.js';
import { tempDir } from '../helpers/temp.js';

const tmp = tempDir('roilens-paths-cli-');
const paths = `${tmp.dir}/paths.csv`;
writeFileSync(paths, 'path,conversions,value,nulls\na > b,2,20,1\nb,1,10,0\n');
afterAll(() => tmp.cleanup());

const json = (r: CliResult) => {
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
};
const byHand = {
  first: { a: [2, 20], b: [1, 10] },
  last: { a: [0, 0], b: [3, 30] },
  linear: { a: [1, 10], b: [2, 20] },
} as const;

describe('roilens attribution --paths', () => {
  it('gives each model the credits worked out by hand, in the contract JSON', async () => {
    for (const [model, credits] of Object.entries(byHand)) {
      const out = json(await roilens('attribution', '--paths', paths, '--model', model, '--format', 'json'));
      expect(out.model).toBe(model);
      const got = Object.fromEntries(out.channels.map((c: { channel: string; conversions: number; value: number }) => [c.channel, [c.conversions, c.value]]));
      expect({ a: [0, 0], ...got }).toEqual(credits);
      expect(out.totals).toEqual({ conversions: 3, value: 30, nulls: 1 });
    }
  }, 120_000);

  it('runs several models of one file in one run, side by side, last click the baseline', async () => {
    const out = json(await roilens('attribution', '--paths', paths, '--model', 'first,last,linear', '--format', 'json'));
    expect(out.models).toEqual(['first', 'last', 'linear']);
    expect(out.baseline).toBe('last');
    for (const row of out.rows as { channel: 'a' | 'b'; conversions: Record<string, number>; value: Record<string, number> }[]) {
      for (const [model, credits] of Object.entries(byHand)) {
        expect([row.conversions[model], row.value[model]], `${row.channel} ${model}`).toEqual(credits[row.channel]);
      }
    }
    // b: 1 under first against 3 under last.
    expect(out.rows.find((r: { channel: string }) => r.channel === 'b').change_vs_baseline.first).toBeCloseTo(-2 / 3, 12);
  }, 60_000);

  it('refuses an unknown or repeated model by its flag, and a missing file', async () => {
    const unknown = await roilens('attribution', '--paths', paths, '--model', 'first,bogus');
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toMatch(/--model: .*"bogus"/);
    const twice = await roilens('attribution', '--paths', paths, '--model', 'last,first,last');
    expect(twice.code).not.toBe(0);
    expect(twice.stderr).toMatch(/--model: a model is named twice/);
    const missing = await roilens('attribution', '--paths', `${tmp.dir}/nope.csv`, '--model', 'first');
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/--paths/);
  }, 60_000);
});
