/**
 * The reports' heavy analyses (`jobs.ts`: CLV, marketing mix, budget plan, attribution) run through
 * the shared worker pool: on a worker thread with a time budget once the server starts the pool,
 * inline otherwise. Typed by the job table, so a call names a job and passes its arguments.
 */
import { runHeavyJob, type HeavyJobs as HeavyTable } from '../../shared/workers/heavy-pool.js';
import { heavyJobs, type HeavyJobName, type HeavyJobs } from './jobs.js';

const fromSources = import.meta.url.endsWith('.ts');
const table: HeavyTable = { jobs: heavyJobs as HeavyTable['jobs'], worker: new URL(`./worker.${fromSources ? 'ts' : 'js'}`, import.meta.url) };

/**
 * Runs one job off the event loop when the pool runs (see `shared/workers/heavy-pool.ts`).
 *
 * @example const fit = await runHeavy('fitMmm', dataset, { holidays })
 */
export function runHeavy<K extends HeavyJobName>(job: K, ...args: Parameters<HeavyJobs[K]>): Promise<ReturnType<HeavyJobs[K]>> {
  return runHeavyJob(table, job, args) as Promise<ReturnType<HeavyJobs[K]>>;
}
