// Writes web/src/lib/api-types.generated.ts from the operations' output schemas (`npm run gen:web-types`).
import { writeFileSync } from 'node:fs';
import { operations } from '../src/operations/index.js';
import { webTypesSource } from '../src/operations/core/web-types.js';

const file = new URL('../web/src/lib/api-types.generated.ts', import.meta.url);
writeFileSync(file, webTypesSource(operations));
process.stdout.write(`wrote ${file.pathname}\n`);
