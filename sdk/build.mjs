// Bundles the browser snippet (sdk/src/index.ts) into sdk/dist/s.js: one minified
// IIFE, served by the server at /s.js. `node sdk/build.mjs` or `buildSnippet()`.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));

/** The path of the built snippet. */
export const snippetPath = fileURLToPath(new URL('./dist/s.js', import.meta.url));

/** Builds sdk/dist/s.js; resolves to its path. */
export async function buildSnippet() {
  await build({
    entryPoints: [root + 'src/index.ts'],
    outfile: snippetPath,
    bundle: true,
    minify: true,
    format: 'iife',
    // Browsers of the last five years; no "use strict" prologue (an IIFE of modules needs none): bytes for the 3 KB budget.
    target: 'es2022',
    tsconfigRaw: { compilerOptions: { alwaysStrict: false } },
    legalComments: 'none',
    logLevel: 'warning',
  });
  return snippetPath;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const path = await buildSnippet();
  console.log(`built ${path}`);
}
