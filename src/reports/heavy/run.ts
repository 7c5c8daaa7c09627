/**
 * The reports' heavy analyses (`jobs.ts`: CLV, marketing mix, budget plan, attribution) run through
 * the shared worker pool: on a worker thread with a time budget once the server starts the pool,
 * inline otherwise. Typed by the job table, so a call names a job and passes its arguments. The
 * pool and the job table (the CLV, budget and attribution maths) load at the first job, not with
 * every report that may run one (issue 14: CLI start-up).
 */
import type { HeavyJobs as HeavyTable } from '../../shared/workers/heavy-pool.js';
import type { HeavyJobName, HeavyJobs } from './jobs.js';

const fromSources = import.meta.url.endsWith('.ts');
const worker = new URL(`./worker.${fromSources ? 'ts' : 'js'}`, import.meta.url);

type Runner = { run: typeof import('../../shared/workers/heavy-pool.js').runHeavyJob; table: HeavyTable };
/** The pool's runner and the job table, once loaded: later jobs are handed over synchronously, as before. */
let runner: Runner | undefined;

async function loadRunner(): Promise<Runner> {
  const [{ runHeavyJob }, { heavyJobs }] = await Promise.all([import('../../shared/workers/heavy-pool.js'), import('./jobs.js')]);
  runner ??= { run: runHeavyJob, table: { jobs: heavyJobs as HeavyTable['jobs'], worker } };
  return runner;
}

/**
 * Runs one job off the event loop when the pool runs (see `shared/workers/heavy-pool.ts`).
 *
 * @example const fit = await runHeavy('fitMmm', dataset, { holidays })
 */
export function runHeavy<K extends HeavyJobName>(job: K, ...args: Parameters<HeavyJobs[K]>): Promise<ReturnType<HeavyJobs[K]>> {
  const run = (r: Runner) => r.run(r.table, job, args) as Promise<ReturnType<HeavyJobs[K]>>;
  return runner ? run(runner) : loadRunner().then(run);
}
