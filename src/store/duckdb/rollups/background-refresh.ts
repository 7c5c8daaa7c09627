/**
 * Runs a job soon after it is asked for, off the caller's path (issue 14: the rollups refreshed
 * after an insert, so acknowledged events show in the KPIs without a reader paying for them).
 * Asks within `quietMs` of each other share one run; under continuous asking a run starts at the
 * latest `maxWaitMs` after the first unserved ask. Runs never overlap; one asked for during a run
 * follows it. A failed run is dropped: the next read refreshes the rollups itself and reports.
 */
export class BackgroundRefresh {
  private timer?: NodeJS.Timeout;
  private firstAskAt = 0;
  private running?: Promise<void>;
  private closed = false;

  constructor(
    private readonly job: () => Promise<unknown>,
    private readonly quietMs = 50,
    private readonly maxWaitMs = 250,
  ) {}

  /** Asks for a run. */
  ask(): void {
    if (this.closed) return;
    const now = Date.now();
    if (this.timer) clearTimeout(this.timer);
    else this.firstAskAt = now;
    this.timer = setTimeout(() => this.start(), Math.max(0, Math.min(this.quietMs, this.firstAskAt + this.maxWaitMs - now)));
    this.timer.unref();
  }

  private start(): void {
    this.timer = undefined;
    const run = (this.running ?? Promise.resolve())
      .then(() => (this.closed ? undefined : this.job()))
      .then(() => undefined, () => undefined);
    this.running = run;
    void run.then(() => {
      if (this.running === run) this.running = undefined;
    });
  }

  /** No more runs; waits for the one under way. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }
}
