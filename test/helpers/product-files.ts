import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The product source files under a folder (tests, contract cases and declarations left out), sorted. */
export function productFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name) && !/\.(test|case)\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts'))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}
