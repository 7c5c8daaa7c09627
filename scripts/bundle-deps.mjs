// After `tsc` (npm run build:server): bundles the packages whose many small modules dominate
// a CLI command's start-up into one file each under dist/vendor/, and points dist/'s imports
// at those files (issue 14, CLI start-up: Node resolves and links each module on its own —
// kysely is 263 ES modules, DuckDB's Node API 188 CommonJS ones, about 0.2 s of a `kpi` call).
// The sources and the tests (vitest, tsx) keep importing the packages themselves.
import { build } from 'esbuild';
import { createRequire } from 'node:module';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const vendor = join(dist, 'vendor');
const require = createRequire(join(root, 'package.json'));

/** package → its bundle's file name. DuckDB's native bindings stay outside (a .node file per platform). */
export const bundled = { kysely: 'kysely.js', '@duckdb/node-api': 'duckdb-node-api.js', zod: 'zod.js' };

/** An ES module re-exporting every export of `pkg` (a CommonJS package's by name: esbuild cannot see them). */
function entry(pkg) {
  const names = Object.keys(require(pkg)).filter((n) => /^[A-Za-z_$][\w$]*$/.test(n) && n !== 'default');
  return `import * as m from '${pkg}';\nexport const { ${names.join(', ')} } = m;\n`;
}

for (const [pkg, file] of Object.entries(bundled)) {
  await build({
    stdin: { contents: entry(pkg), resolveDir: root, loader: 'js' },
    outfile: join(vendor, file),
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: ['@duckdb/node-bindings', '@duckdb/node-bindings-*'],
    // A CommonJS package bundled as an ES module still calls require() for what stays outside.
    banner: { js: "import { createRequire as __roilensCreateRequire } from 'node:module'; const require = __roilensCreateRequire(import.meta.url);" },
    logLevel: 'warning',
  });
}

const specifier = new RegExp(`(from\\s*|import\\(\\s*)(['"])(${Object.keys(bundled).map((p) => p.replace(/[/@]/g, '\\$&')).join('|')})\\2`, 'g');

/** Rewrites every `from 'pkg'` and `import('pkg')` of a bundled package in the compiled files. */
function rewrite(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory()) {
      if (path !== vendor) rewrite(path);
    } else if (e.name.endsWith('.js')) {
      const text = readFileSync(path, 'utf8');
      const out = text.replace(specifier, (_, head, quote, pkg) => {
        const to = relative(dir, join(vendor, bundled[pkg]));
        return `${head}${quote}${to.startsWith('.') ? to : `./${to}`}${quote}`;
      });
      if (out !== text) writeFileSync(path, out);
      const left = Object.keys(bundled).find((pkg) => out.includes(`'${pkg}'`) || out.includes(`"${pkg}"`));
      if (left) throw new Error(`${path} still names ${left}: import it with a plain import or export ... from, which this script rewrites`);
    }
  }
}
rewrite(dist);
console.log(`bundled ${Object.keys(bundled).join(', ')} into dist/vendor/`);
