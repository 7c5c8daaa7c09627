/**
 * The architecture page (`docs/architecture.md`) and the README's Architecture section match
 * the folders (issue 13, "Done when"): every folder of `src/` and of `web/src/` is in the page's
 * tables and no folder there is gone; every top-level folder sits in the diagram in the layer
 * `.dependency-cruiser.cjs` gives it; the README names every top-level folder and links the page.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const config = require('../../.dependency-cruiser.cjs') as { forbidden: { name: string; from: { path: string }; to: { path?: string } }[] };

const page = readFileSync('docs/architecture.md', 'utf8');
const readme = readFileSync('README.md', 'utf8');

/** Folders under `dir` that hold source files, themselves or below (`__fixtures__`, `__sql__` and data-only folders left out). */
function sourceFolders(dir: string): string[] {
  const entries = readdirSync(dir, { withFileTypes: true });
  const below = entries.filter((e) => e.isDirectory() && !e.name.startsWith('__')).flatMap((e) => sourceFolders(join(dir, e.name)));
  const hasSource = entries.some((e) => e.isFile() && /\.tsx?$/.test(e.name));
  return hasSource || below.length ? [`${dir}/`, ...below] : below;
}

/** Layer name → its top-level folders, read from the `no-upward-from-*` rules (the top layer is what the last rule forbids). */
function layers(): Map<string, string[]> {
  const rules = config.forbidden.filter((r) => r.name.startsWith('no-upward-from-'));
  const folders = (path: string) => /^\^src\/\((.*)\)\/$/.exec(path)![1].split('|');
  const out = new Map(rules.map((r) => [r.name.slice('no-upward-from-'.length), folders(r.from.path)]));
  const below = new Set([...out.values()].flat());
  out.set('app', folders(rules.at(-1)!.to.path!).filter((f) => !below.has(f)));
  return out;
}

/** Node id → the id of the mermaid subgraph it is declared in. */
function diagramPlaces(): Map<string, string> {
  const places = new Map<string, string>();
  let current: string | undefined;
  for (const line of page.split('\n')) {
    const open = /^\s*subgraph\s+(\w+)/.exec(line);
    if (open) current = open[1];
    else if (/^\s*end\s*$/.test(line)) current = undefined;
    else {
      const node = /^\s*(f_\w+)\[/.exec(line);
      if (node && current) places.set(node[1], current);
    }
  }
  return places;
}

describe('docs/architecture.md and the README match src/', () => {
  const folders = sourceFolders('src').filter((f) => f !== 'src/');
  const topLevel = folders.filter((f) => f.split('/').length === 3).map((f) => f.slice(4, -1));

  it('reads the real tree and the page', () => {
    expect(folders.length).toBeGreaterThan(30);
    expect(page).toContain('```mermaid');
  });

  it('the page names every folder of src/ and no folder that is gone', () => {
    const named = new Set([...page.matchAll(/`(src\/[\w/-]*\/)`/g)].map((m) => m[1]));
    expect(folders.filter((f) => !named.has(f))).toEqual([]);
    expect([...named].filter((f) => !folders.includes(f))).toEqual([]);
  });

  it('the page names every folder of web/src/ and no folder that is gone', () => {
    const web = sourceFolders('web/src');
    expect(web.length).toBeGreaterThan(10);
    const named = new Set([...page.matchAll(/`(web\/src\/[\w/-]*)`/g)].map((m) => m[1]).filter((f) => f.endsWith('/')));
    expect(web.filter((f) => !named.has(f))).toEqual([]);
    expect([...named].filter((f) => !web.includes(f))).toEqual([]);
  });

  it('the diagram puts every top-level folder in its layer', () => {
    const places = diagramPlaces();
    const wrong: string[] = [];
    for (const [layer, members] of layers()) {
      for (const folder of members) {
        const place = places.get(`f_${folder}`);
        if (place !== layer.replace(/-/g, '_')) wrong.push(`${folder}: in ${place ?? 'no layer'}, should be in ${layer}`);
      }
    }
    const known = new Set([...layers().values()].flat());
    wrong.push(...[...places.keys()].map((n) => n.slice(2)).filter((f) => !known.has(f)).map((f) => `${f}: in the diagram, in no layer`));
    wrong.push(...topLevel.filter((f) => !places.has(`f_${f}`)).map((f) => `${f}: missing from the diagram`));
    expect(wrong).toEqual([]);
  });

  it("the README's Architecture section names every top-level folder and links the page", () => {
    const section = readme.slice(readme.indexOf('## Architecture'), readme.indexOf('\n## ', readme.indexOf('## Architecture') + 1));
    expect(section).toContain('docs/architecture.md');
    expect(topLevel.filter((f) => !section.includes(`\`src/${f}/\``))).toEqual([]);
  });
});
