/**
 * The dependency rule (issue 13): no import runs from a lower layer of `src/` to a
 * higher one and no folders (nor modules) import each other round a loop. The layers and rules
 * are in `.dependency-cruiser.cjs` (also `npx depcruise src --config
 * .dependency-cruiser.cjs`); this runs them on the real source and lists every
 * violation it finds.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cruise, type ICruiseResult, type IViolation } from 'dependency-cruiser';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const config = require('../../.dependency-cruiser.cjs') as {
  forbidden: { name: string; from: { path: string }; to: { path?: string } }[];
  options: Record<string, unknown>;
};

/** One line per violation: `rule: from → to`, or the loop of folders for a cycle (starting at its first folder by name). */
function describeViolation(v: IViolation): string {
  if (!v.cycle?.length) return `${v.rule.name}: ${v.from} → ${v.to}`;
  const loop = [v.from, ...v.cycle.map((c) => c.name)];
  if (loop.at(-1) === loop[0]) loop.pop();
  const start = loop.indexOf([...loop].sort()[0]!);
  const turned = [...loop.slice(start), ...loop.slice(0, start)];
  return `${v.rule.name}: ${[...turned, turned[0]].join(' → ')}`;
}

/** The violations of the rules in `.dependency-cruiser.cjs` under `<baseDir>/src`. */
async function violations(baseDir = '.'): Promise<string[]> {
  const result = await cruise(
    ['src'],
    { ...config.options, baseDir, validate: true, ruleSet: { forbidden: config.forbidden } } as never,
    undefined,
    { tsConfig: extractTSConfig('tsconfig.json') },
  );
  const output = result.output as ICruiseResult;
  return [...new Set((output.summary.violations ?? []).map(describeViolation))].sort();
}

describe('layers of src/', () => {
  it('every folder of src/ belongs to a layer', () => {
    const rules = config.forbidden.filter((r) => r.name.startsWith('no-upward-from-'));
    const inALayer = (folder: string) => rules.some((r) => new RegExp(r.from.path).test(`src/${folder}/`) || new RegExp(r.to.path ?? '$^').test(`src/${folder}/`));
    const folders = readdirSync('src', { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
    expect(folders.length).toBeGreaterThan(10);
    expect(folders.filter((f) => !inALayer(f))).toEqual([]);
  });

  it('process.env is read only under src/config/ (product code; tests set up their own environments)', () => {
    const files = readdirSync('src', { recursive: true, encoding: 'utf8' }).filter((f) => /\.tsx?$/.test(f) && !/\.(test|case)\.tsx?$/.test(f));
    expect(files.length).toBeGreaterThan(100);
    const readers = files.filter((f) => !f.startsWith('config/') && /process\.env\b/.test(readFileSync(`src/${f}`, 'utf8')));
    expect(readers).toEqual([]);
  });

  it('catches an upward import and a loop of folders (a fixture with both)', async () => {
    expect(await violations('test/architecture/fixture')).toEqual([
      'no-folder-cycle: src/config → src/shared → src/config',
      'no-module-cycle: src/config/settings.ts → src/shared/wrong.ts → src/config/settings.ts',
      'no-upward-from-shared: src/shared/wrong.ts → src/config/settings.ts',
    ]);
  }, 120_000);

  it('no import runs up a layer and no folders (nor modules) import each other round a loop', async () => {
    expect(await violations()).toEqual([]);
  }, 300_000);
});
