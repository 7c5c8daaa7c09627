/**
 * The worker-thread side of the heavy-work pool for the embedded store's attribution aggregates:
 * piscina loads this file (named by `journey-jobs.ts`) and calls the default export with each task.
 */
import { answerOf, type HeavyAnswer, type HeavyTask } from '../../../shared/workers/heavy-answer.js';
import { journeyJobs } from './journey-jobs.js';

export default function runJourneyTask(task: HeavyTask): HeavyAnswer {
  return answerOf(journeyJobs, task);
}
