/**
 * The dependency rule (issue 13): no import runs from a lower layer of `src/` to a
 * higher one and no folders (nor modules) import each other round a loop. The layers and rules
 * are in `.dependency-cruiser.cjs` (also `npx depcruise src --config
 * .dependency-cruiser.cjs`); this runs them on the real source and lists every
 * violation it finds.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
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

const cruises = new Map<string, Promise<ICruiseResult>>();

/** The cruise of `<baseDir>/src` with the rules of `.dependency-cruiser.cjs` (once per baseDir). */
function cruiseOf(baseDir: string): Promise<ICruiseResult> {
  if (!cruises.has(baseDir)) {
    cruises.set(baseDir, cruise(
      ['src'],
      { ...config.options, baseDir, validate: true, ruleSet: { forbidden: config.forbidden } } as never,
      undefined,
      { tsConfig: extractTSConfig('tsconfig.json') },
    ).then((result) => result.output as ICruiseResult));
  }
  return cruises.get(baseDir)!;
}

/** The violations of the rules in `.dependency-cruiser.cjs` under `<baseDir>/src`. */
async function violations(baseDir = '.'): Promise<string[]> {
  const output = await cruiseOf(baseDir);
  return [...new Set((output.summary.violations ?? []).map(describeViolation))].sort();
}

/**
 * Loops between folders counting each folder on its own, a sub-folder apart from its parent
 * (dependency-cruiser's folder rule counts a folder with its sub-folders, so a parent file that
 * imports a sub-folder which imports a parent file back is no loop to it): each loop as its
 * folders, sorted, joined by ` ↔ `.
 */
function folderLoops(output: ICruiseResult): string[] {
  const edges = new Map<string, Set<string>>();
  for (const m of output.modules) {
    for (const d of m.dependencies) {
      const from = dirname(m.source);
      const to = dirname(d.resolved);
      if (!from.startsWith('src/') || !to.startsWith('src/') || from === to) continue;
      if (!edges.has(from)) edges.set(from, new Set());
      edges.get(from)!.add(to);
    }
  }
  // Tarjan's strongly connected components; a component of two or more folders is a loop.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const loops: string[] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (stack.includes(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        component.push(w);
      } while (w !== v);
      if (component.length > 1) loops.push(component.sort().join(' ↔ '));
    }
  };
  for (const v of [...edges.keys()].sort()) if (!index.has(v)) visit(v);
  return loops.sort();
}

/**
 * Trees of `src/` whose folders still import each other round a loop (a parent folder's files
 * use a sub-folder that uses the parent's files), each with its reason; a loop elsewhere fails,
 * and a tree without a loop must leave the list, so it only shrinks.
 */
const loopsAllowedUnder: Record<string, string> = {
  'src/store': 'store.ts joins the ports, which take their shapes from files beside store.ts; migrate.ts opens the DuckDB adapter, which uses them too; being reshaped by the ports and metadata work (issue 13 #2, #3)',
  'src/server': 'app.ts registers routes/, which use auth.ts and context.ts beside it; routes/ empties as routes become operations (issue 13 #1)',
  'src/cli': 'main.ts registers commands/, which use output.ts, read-input.ts and store-access.ts beside it; commands/ empties as commands become operations (issue 13 #1)',
};

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

  it('no folder and its own sub-folder import each other round a loop, beyond the allow-list', async () => {
    const loops = folderLoops(await cruiseOf('.'));
    const tree = (loop: string) => Object.keys(loopsAllowedUnder).find((t) => loop.split(' ↔ ').every((f) => f === t || f.startsWith(`${t}/`)));
    expect(loops.filter((l) => !tree(l))).toEqual([]);
    expect(Object.keys(loopsAllowedUnder).filter((t) => !loops.some((l) => tree(l) === t)).map((t) => `${t}: no loop now, remove it from loopsAllowedUnder`)).toEqual([]);
  }, 300_000);

  it('finds the loop of a folder and its sub-folder (the fixture: src/records ↔ src/records/deep, beside src/config ↔ src/shared)', async () => {
    expect(folderLoops(await cruiseOf('test/architecture/fixture'))).toEqual(['src/config ↔ src/shared', 'src/records ↔ src/records/deep']);
  }, 120_000);
});
