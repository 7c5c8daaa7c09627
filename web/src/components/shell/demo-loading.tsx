import { useEffect, useState, type ReactNode } from 'react';
import { useI18n } from '../../i18n/i18n-context';
import { Loading } from '../state-view';

/** How often the loading screen asks `/health` again. */
export const HEALTH_POLL_MS = 2000;

type Health =
  | { phase: 'checking' }
  | { phase: 'loading'; done: number; total: number; summaries: boolean }
  | { phase: 'failed'; message: string }
  | { phase: 'ready' };

/** Whole percent of the demo load, 0 to 100 (0 while the total is not known yet). */
export function loadPercent(done: number, total: number): number {
  if (!(total > 0) || !(done > 0)) return 0;
  return Math.min(100, Math.floor((done * 100) / total));
}

/** Reads `/health` once: loading (503 `{"status":"loading","progress"}`), failed, or ready (anything else). */
async function readHealth(signal: AbortSignal): Promise<Health> {
  let response: Response;
  try {
    response = await fetch('/health', { headers: { Accept: 'application/json' }, signal, cache: 'no-store' });
  } catch (error) {
    if (signal.aborted) throw error;
    // No answer: let the pages show their own errors (with a retry).
    return { phase: 'ready' };
  }
  if (response.status !== 503) return { phase: 'ready' };
  const body = (await response.json().catch(() => null)) as { status?: unknown; progress?: { done?: unknown; total?: unknown }; step?: unknown; message?: unknown } | null;
  if (body?.status === 'failed') return { phase: 'failed', message: typeof body.message === 'string' ? body.message : '' };
  if (body?.status !== 'loading') return { phase: 'ready' };
  const done = Number(body.progress?.done ?? 0);
  const total = Number(body.progress?.total ?? 0);
  // Step `summaries`: every record is stored and the server builds the reports' summaries.
  return { phase: 'loading', done: Number.isFinite(done) ? done : 0, total: Number.isFinite(total) ? total : 0, summaries: body.step === 'summaries' };
}

/**
 * While the server loads the demo world (`/health` answers 503 loading),
 * a friendly "Loading the demo world… N%" screen (then "Building the
 * summaries…" while the server builds them: `/health` step `summaries`) that asks `/health` again
 * every two seconds; the pages (`children`) mount once it answers 200, so
 * they never meet the report routes' 503s.
 */
export function DemoLoadingGate({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const [health, setHealth] = useState<Health>({ phase: 'checking' });

  useEffect(() => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const next = await readHealth(controller.signal);
        if (controller.signal.aborted) return;
        setHealth(next);
        if (next.phase !== 'ready') timer = setTimeout(() => void poll(), HEALTH_POLL_MS);
      } catch {
        // Aborted on unmount.
      }
    };
    void poll();
    return () => {
      controller.abort();
      if (timer !== undefined) clearTimeout(timer);
    };
  }, []);

  if (health.phase === 'ready') return <>{children}</>;
  if (health.phase === 'checking') {
    return (
      <main className="boot">
        <Loading />
      </main>
    );
  }
  if (health.phase === 'failed') {
    return (
      <main className="boot">
        <div className="card demo-loading" data-testid="demo-load-failed" role="alert">
          <h1>{t('demoLoading.failed')}</h1>
          {health.message ? <p className="muted" dir="ltr">{health.message}</p> : null}
        </div>
      </main>
    );
  }
  const percent = loadPercent(health.done, health.total);
  return (
    <main className="boot">
      <div className="card demo-loading" data-testid="demo-loading" aria-live="polite">
        <h1>{health.summaries ? t('demoLoading.summaries') : t('demoLoading.title', { percent })}</h1>
        <progress max={100} value={percent} aria-label={t('demoLoading.progress')} />
        <p className="muted">{t('demoLoading.help')}</p>
      </div>
    </main>
  );
}
