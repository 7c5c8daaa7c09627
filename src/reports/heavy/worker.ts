/**
 * The worker-thread side of the heavy-work pool for the reports' jobs: piscina loads this file
 * (named by `run.ts`) and calls the default export with each task.
 */
import { answerOf, type HeavyAnswer, type HeavyTask } from '../../shared/workers/heavy-answer.js';
import { heavyJobs } from './jobs.js';

export default function runHeavyTask(task: HeavyTask): HeavyAnswer {
  return answerOf(heavyJobs, task);
}
