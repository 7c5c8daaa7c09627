/**
 * Runs a job soon after it is asked for, off the caller's path (issue 14: the rollups refreshed
 * after an insert, so acknowledged events show in the KPIs without a reader paying for them).
 * Asks within `quietMs` of each other share one run; under continuous asking a run starts at the
 * latest `maxWaitMs` after the first unserved ask. Runs never overlap; however often it is asked
 * for during a run, one run follows it (a run does all that is due, so asks never queue up behind a
 * slow one), and starts no sooner than the last run's duration after it ended: under continuous
 * asking, refreshes that became slow (a loaded machine, a large dirty set) take at most half the
 * time, leaving the rest to inserts and reads. A failed run is dropped: the next read refreshes
 * the rollups itself and reports.
 */
export class BackgroundRefresh {
  private timer?: NodeJS.Timeout;
  private firstAskAt = 0;
  private running?: Promise<void>;
  /** Asked for while a run was under way: one more run follows it. */
  private again = false;
  private closed = false;
  /** When the next run may start at the earliest (the last run's end plus its duration). */
  private notBefore = 0;

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
    const due = Math.max(Math.min(this.quietMs, this.firstAskAt + this.maxWaitMs - now), this.notBefore - now);
    this.timer = setTimeout(() => this.start(), Math.max(0, due));
    this.timer.unref();
  }

  private start(): void {
    this.timer = undefined;
    if (this.running) {
      this.again = true;
      return;
    }
    const began = Date.now();
    this.running = (this.closed ? Promise.resolve() : this.job()).then(() => undefined, () => undefined).then(() => {
      this.running = undefined;
      const ended = Date.now();
      this.notBefore = ended + (ended - began);
      if (this.again && !this.closed) {
        this.again = false;
        this.ask();
      }
    });
  }

  /** No more runs; waits for the one under way. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    while (this.running) await this.running;
  }
}
