/**
 * Times every attribution model on ChannelAttribution's PathData (10,000
 * aggregated paths) and on 1 million journeys sampled from it, one row per
 * journey, read from a file (the issue's benchmark). Then whole `roilens attribution --paths`
 * processes on that file (the built CLI, medians of 3): first,last,linear in one run, Markov
 * orders 1 and 3, Shapley and every model, beside the floor of a Node process reading the same
 * file and counting its lines, with the load average (issue 14's fixed reference, R's
 * ChannelAttribution, was measured outside the project and cannot be installed here). Writes
 * bench/results/attribution.json.
 *
 * Run: npm run bench -- attribution (after npm run build)
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { attributePaths } from '../src/attribution/models/attribute-paths.js';
import { parsePathsCsv } from '../src/attribution/paths/path-file.js';
import { mulberry32 } from '../src/attribution/models/random.js';
import { ruleModels, type AttributionModel, type PathRow } from '../src/attribution/paths/types.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pathFile = join(root, '..', 'shared', 'data', 'pathdata', 'paths.csv');
const JOURNEYS = 1_000_000;

let peakRss = 0;
const sampleMemory = () => (peakRss = Math.max(peakRss, process.memoryUsage().rss));

function time<T>(fn: () => T): { ms: number; result: T } {
  const start = performance.now();
  const result = fn();
  sampleMemory();
  return { ms: Math.round((performance.now() - start) * 10) / 10, result };
}

/** One CSV row per journey: each aggregated path is drawn in proportion to its journeys (conversions + nulls). */
function sampleJourneyFile(rows: readonly PathRow[], n: number, seed: number): string {
  const weights = rows.map((r) => r.conversions + r.nulls);
  const cumulative = new Float64Array(rows.length);
  let acc = 0;
  weights.forEach((w, i) => (cumulative[i] = acc += w));
  const random = mulberry32(seed);
  const lines = ['path,conversions,value,nulls'];
  for (let k = 0; k < n; k++) {
    const u = random() * acc;
    let lo = 0;
    let hi = rows.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] > u) hi = mid;
      else lo = mid + 1;
    }
    const r = rows[lo];
    const converts = random() * (r.conversions + r.nulls) < r.conversions;
    const value = converts ? (r.value / r.conversions).toFixed(3) : '0';
    lines.push(`${r.path.join(' > ')},${converts ? 1 : 0},${value},${converts ? 0 : 1}`);
  }
  return lines.join('\n') + '\n';
}

function runModels(rows: readonly PathRow[]) {
  const timings: Record<string, number> = {};
  for (const model of ruleModels) timings[model] = time(() => attributePaths(rows, model)).ms;
  timings['rule-based (all together)'] = Object.values(timings).reduce((s, t) => s + t, 0);
  for (const order of [1, 2, 3, 4]) timings[`markov order ${order}`] = time(() => attributePaths(rows, 'markov', { order })).ms;
  timings['shapley (exact)'] = time(() => attributePaths(rows, 'shapley' as AttributionModel)).ms;
  return timings;
}

const text = readFileSync(pathFile, 'utf8');
const parsedPathData = time(() => parsePathsCsv(text));
const pathData = parsedPathData.result.rows;

const journeyFile = join(tmpdir(), `roilens-attribution-bench-${process.pid}.csv`);
writeFileSync(journeyFile, sampleJourneyFile(pathData, JOURNEYS, 2024));
sampleMemory();
const readAndParse = time(() => parsePathsCsv(readFileSync(journeyFile, 'utf8')));
const journeys = readAndParse.result.rows;
const journeyTimings = runModels(journeys);

/** Median wall milliseconds of 3 runs of `node args` (each must exit 0). */
function wholeProcess(args: string[]): number {
  const walls = [0, 1, 2].map(() => {
    const start = performance.now();
    const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 });
    if (r.status !== 0) throw new Error(`node ${args.join(' ')}: ${r.stderr.slice(-1000)}`);
    return performance.now() - start;
  });
  return Math.round(walls.sort((a, b) => a - b)[1]);
}
const loadBefore = loadavg().map((x) => Math.round(x * 100) / 100);
const cli = (model: string, ...more: string[]) => wholeProcess([join(root, 'bin', 'roilens'), 'attribution', '--paths', journeyFile, '--model', model, ...more, '--format', 'json']);
const floorMs = wholeProcess(['-e', `const b = require('fs').readFileSync(${JSON.stringify(journeyFile)}); let n = 0; for (let i = b.indexOf(10); i !== -1; i = b.indexOf(10, i + 1)) n++; console.log(n)`]);
const processes = {
  'first,last,linear (one run)': cli('first,last,linear'),
  'markov order 1': cli('markov'),
  'markov order 3': cli('markov', '--order', '3'),
  'shapley (exact)': cli('shapley'),
  'all models (one run)': cli('all'),
};
const wholeProcesses = {
  load_before: loadBefore,
  load_after: loadavg().map((x) => Math.round(x * 100) / 100),
  floor_read_file_ms: floorMs,
  wall_ms: processes,
  to_floor: Object.fromEntries(Object.entries(processes).map(([k, v]) => [k, Math.round((v / floorMs) * 100) / 100])),
};
rmSync(journeyFile);

const result = {
  node: process.version,
  pathdata: { rows: pathData.length, parse_ms: parsedPathData.ms, models_ms: runModels(pathData) },
  one_million_journeys: {
    journeys: JOURNEYS,
    distinct_paths: journeys.length,
    read_and_parse_ms: readAndParse.ms,
    models_ms: journeyTimings,
    end_to_end_ms: {
      'rule-based (all together)': readAndParse.ms + journeyTimings['rule-based (all together)'],
      'markov order 1': readAndParse.ms + journeyTimings['markov order 1'],
      'markov order 3': readAndParse.ms + journeyTimings['markov order 3'],
      'shapley (exact)': readAndParse.ms + journeyTimings['shapley (exact)'],
    },
  },
  whole_processes: wholeProcesses,
  peak_rss_mb: Math.round(peakRss / 1048576),
};
mkdirSync(join(root, 'bench', 'results'), { recursive: true });
writeFileSync(join(root, 'bench', 'results', 'attribution.json'), JSON.stringify(result, null, 2) + '\n');
console.log(JSON.stringify(result, null, 2));
