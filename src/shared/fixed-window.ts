/**
 * Fixed-window counting in memory: the server's rate limits (`server/rate-limit.ts`), sign-in attempts
 * (`server/session/person-sessions.ts`) and public partner applications (`operations/partners/`).
 */

/** Counts hits per name in fixed windows; `hit` answers the seconds to wait when over the limit. */
export class FixedWindowLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();
  private lastSweep = 0;

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one hit; null when allowed, else the whole seconds until the window ends (at least 1). */
  hit(name: string): number | null {
    if (this.limit <= 0) return null;
    const now = this.now();
    this.sweep(now);
    let w = this.windows.get(name);
    if (!w || now - w.start >= this.windowMs) {
      w = { start: now, count: 0 };
      this.windows.set(name, w);
    }
    w.count++;
    if (w.count <= this.limit) return null;
    return Math.max(1, Math.ceil((w.start + this.windowMs - now) / 1000));
  }

  /** Forgets ended windows once per window, so names seen once do not pile up. */
  private sweep(now: number): void {
    if (now - this.lastSweep < this.windowMs) return;
    this.lastSweep = now;
    for (const [name, w] of this.windows) if (now - w.start >= this.windowMs) this.windows.delete(name);
  }
}
