// Writes src/cli/commands/help-summary.generated.ts: every top-level command as `roilens --help` shows it (`npm run gen:cli-help`).
import { writeFileSync } from 'node:fs';
import { commandEntries, summarize, summarySource } from '../src/cli/commands/index.js';
import { buildProgram } from '../src/cli/main.js';

const file = new URL('../src/cli/commands/help-summary.generated.ts', import.meta.url);
writeFileSync(file, summarySource(summarize(buildProgram(await Promise.all(commandEntries.map((e) => e.load()))))));
process.stdout.write(`wrote ${file.pathname}\n`);
