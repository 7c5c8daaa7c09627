/**
 * The summaries a workspace's first report calls would otherwise build (issue 14 "Fast on every
 * page": a new user's first minute). Each is kept up by the reads themselves and is built here
 * through the same entry points, ahead of the first read:
 *
 * - the rollups (`Store.refreshRollups`): the KPI rollups and the embedded store's journey
 *   rollups, which the KPI, customer and attribution reports bring up to date before reading;
 * - the partner ledger: one `syncPartnerLedger`, as every ledger read runs first (the first run
 *   reads every conversion held; later ones only the last week's);
 * - the CLV fit of the dashboard's customers page (`/v1/customers/clv?horizon=90`), computed on
 *   the heavy-work pool and kept in this process by its input (`clv-fit-memo.ts`).
 *
 * The server runs it after the demo world is stored (`/health` says step `summaries` meanwhile)
 * and at every start, where rollups that are fresh and a ledger without new conversions cost a
 * read each; the CLV fit, kept only in memory, is fitted again.
 */
import { clvSummaryReport } from '../reports/customers/customers.js';
import { syncPartnerLedger } from '../reports/partners/money/ledger-sync.js';
import { currentSignal, withSignal } from '../shared/cancellation.js';
import { AppError } from '../shared/errors.js';
import type { Store } from '../store/store.js';

export type SummaryStep = 'rollups' | 'ledger' | 'clv';

/** What each step did: its milliseconds, or why it failed (the first reads then build it). */
export type SummaryTimes = Record<SummaryStep, { ms: number } | { error: string }>;

/** The CLV answer the dashboard's customers page asks for first. */
const dashboardClv = { horizon: 90 };

/**
 * Builds the workspace's summaries: the rollups first (the customer sales the CLV fit reads come
 * from the KPI rollups), then the ledger and the CLV fit side by side (the fit runs on a worker).
 * A failed step does not stop the others; a stopped build (the signal of the call) stops them all.
 *
 * @example await buildSummaries(store, 'default') // → { rollups: { ms: 8100 }, ledger: { ms: 2300 }, clv: { ms: 9800 } }
 */
export async function buildSummaries(store: Store, workspaceId: string): Promise<SummaryTimes> {
  const signal = currentSignal();
  const timed = async (run: () => Promise<unknown>): Promise<{ ms: number } | { error: string }> => {
    const started = Date.now();
    try {
      await run();
      return { ms: Date.now() - started };
    } catch (err) {
      if (signal?.aborted) throw err;
      return { error: (err as Error).message };
    }
  };
  const rollups = await timed(() => store.refreshRollups(workspaceId));
  const [ledger, clv] = await Promise.all([timed(() => syncPartnerLedger(store, workspaceId)), timed(() => clvSummaryReport(store, workspaceId, dashboardClv).catch(unlessNothingToFit))]);
  return { rollups, ledger, clv };
}

/** A workspace without sales (or whose sales the model cannot fit) has no CLV to keep: nothing to build. */
function unlessNothingToFit(err: unknown): void {
  if (err instanceof AppError && (err.code === 'invalid_input' || err.code === 'not_computable')) return;
  throw err;
}

/** `ms` as seconds with one decimal, for the console. */
export const inSeconds = (ms: number) => (ms / 1000).toFixed(1);

const stepNames: Record<SummaryStep, string> = { rollups: 'rollups', ledger: 'partner ledger', clv: 'CLV fit' };

/** The console line of a build: `rollups 8.1 s, partner ledger 2.3 s, CLV fit failed (…; the first read builds it)`. */
export const summaryTimesLine = (t: SummaryTimes) =>
  (Object.keys(stepNames) as SummaryStep[])
    .map((step) => {
      const r = t[step];
      return 'ms' in r ? `${stepNames[step]} ${inSeconds(r.ms)} s` : `${stepNames[step]} failed (${r.error}; the first read builds it)`;
    })
    .join(', ');

/**
 * The server's builds of summaries: one workspace's after the demo load, every active workspace's
 * at start (one after another, in the background). A failed build is logged and left to the
 * reads; `stop` (the server closing) stops the build under way and waits for it.
 */
export class SummaryBuilds {
  private readonly stopping = new AbortController();
  private running: Promise<void> = Promise.resolve();

  constructor(private readonly store: Store, private readonly log: (line: string) => void) {}

  /** Builds one workspace's summaries; never throws. */
  workspace(workspaceId: string): Promise<void> {
    if (this.stopping.signal.aborted) return Promise.resolve();
    const started = Date.now();
    const run = withSignal(this.stopping.signal, () => buildSummaries(this.store, workspaceId)).then(
      (times) => this.log(`roilens: summaries of workspace ${workspaceId} built in ${inSeconds(Date.now() - started)} s (${summaryTimesLine(times)})`),
      (err: Error) => {
        if (!this.stopping.signal.aborted) this.log(`roilens: building the summaries of workspace ${workspaceId} failed (${err.message}); the first reports build them`);
      },
    );
    this.running = this.running.then(() => run);
    return run;
  }

  /** Builds every active workspace's summaries in turn; never throws. */
  async everyWorkspace(): Promise<void> {
    try {
      for (const ws of await this.store.listWorkspaces()) {
        if (this.stopping.signal.aborted) return;
        if (!ws.archived_at) await this.workspace(ws.id);
      }
    } catch (err) {
      this.log(`roilens: listing the workspaces to build their summaries failed (${(err as Error).message})`);
    }
  }

  /** Stops the build under way (its queries and CLV fit) and waits for it to settle. */
  async stop(): Promise<void> {
    this.stopping.abort();
    for (let seen; seen !== this.running; ) await (seen = this.running);
  }
}
