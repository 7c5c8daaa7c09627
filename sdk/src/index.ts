/**
 * The roilens browser snippet, bundled into sdk/dist/s.js (served at /s.js).
 * Install: <script async src="https://HOST/s.js" data-key="WRITE_KEY"></script>
 * See sdk/README.md for the API and the pre-load queue.
 */
import { parseAttribution, type Attribution } from './attribution.js';
import { createBatcher } from './batcher.js';
import { pageContext } from './context.js';
import { trackFields, type EventType, type Properties, type TrackedEvent } from './event.js';
import { bucket } from './hash.js';
import { randomId } from './id.js';
import { readSession, touchSession, type Session } from './session.js';
import { keep, readValue, writeValue } from './storage.js';

type Call = unknown[] | ((api: Roilens) => void);

/** The object installed as `window.roilens`. */
export interface Roilens {
  track(name: string, props?: Properties): void;
  identify(userId: string, traits?: Properties): void;
  page(): void;
  variant(experimentKey: string, arms?: number[] | string[], weights?: number[]): number | string;
  /** Calls `fn` once the experiment definitions (hash versions) have loaded, or failed to. */
  ready(fn: (api: Roilens) => void): void;
  reset(): void;
  /** Consent (issue 12 #14): true stores the page's ids (an id stored by an earlier visit wins); false deletes stored ids and goes on cookieless. */
  consent(granted: boolean): void;
  push(call: Call): void;
}

declare global {
  interface Window {
    roilens?: Roilens | Call[];
  }
}

const TWO_YEARS = 63072000;
const THIRTY_MINUTES = 1800;

/** Wraps `fn` so that nothing it throws ever reaches the host page. */
function safe<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R | undefined {
  return (...args) => {
    try {
      return fn(...args);
    } catch {
      return undefined;
    }
  };
}

function install(): void {
  const script = (document.currentScript || document.querySelector('script[data-key]')) as HTMLScriptElement | null;
  const attribute = (name: string): string => (script && script.getAttribute('data-' + name)) || '';
  const base = attribute('api') || new URL(script ? script.src : '/', location.href).origin;
  const endpoint = base.replace(/\/$/, '') + '/v1/events?key=' + encodeURIComponent(attribute('key'));
  const currency = attribute('currency') || 'USD';

  const send = (body: string): void => {
    try {
      if (navigator.sendBeacon(endpoint, body)) return;
    } catch {
      // no sendBeacon: fall back to fetch
    }
    fetch(endpoint, { method: 'POST', body, keepalive: true }).catch(() => undefined);
  };
  const batch = createBatcher(safe(send), setTimeout);

  /** GET /v1/experiments/<path>?key=…<query>, parsed. */
  const experiments = (path: string, query = '') => fetch(endpoint.replace('events', 'experiments/' + path) + query).then((response) => response.json());

  // Running experiments' hash versions, fetched once per page and kept for the next one
  // (an experiment the page names but the server does not know hashes with version 2).
  let versions: Record<string, number> = {};
  let loaded = false;
  const waiting: ((api: Roilens) => void)[] = [];
  try {
    versions = JSON.parse(localStorage.getItem('rl_xp') || '{}');
  } catch {
    // no storage: wait for the fetch
  }
  const whenLoaded = (): void => {
    loaded = true;
    waiting.splice(0).forEach((fn) => safe(fn)(api));
  };

  // With data-consent (="required") nothing is stored until consent (issue 12 #14): hits go out cookieless, their ids living only as long as the page.
  keep(!attribute('consent'));
  let anonymousId = readValue('rl_aid') || randomId();
  writeValue('rl_aid', anonymousId, TWO_YEARS);
  let lastUrl = '';

  const saveSession = (session: Session): void => writeValue('rl_sid', JSON.stringify(session), THIRTY_MINUTES);
  const touch = (referrer: string, attribution?: Attribution): Session => {
    const { session } = touchSession(
      readSession(readValue('rl_sid')),
      { now: Date.now(), url: location.href, referrer, attribution },
      randomId,
    );
    saveSession(session);
    return session;
  };

  const emit = (type: EventType, fields: Partial<TrackedEvent>, attribution?: Attribution): void => {
    const session = touch(fields.referrer || '', attribution);
    const source = session.attribution;
    batch.add({
      id: randomId(),
      type,
      ts: new Date().toISOString(),
      anonymous_id: anonymousId,
      user_id: readValue('rl_uid') || undefined,
      session_id: session.id,
      url: location.href,
      utm: source.utm,
      click_id: source.click_id,
      ...fields,
      properties: {
        ...source.click_ids,
        landing_page: session.landing,
        session_referrer: session.referrer || undefined,
        ...fields.properties,
      },
    });
  };

  const page = (): void => {
    const referrer = lastUrl || document.referrer;
    lastUrl = location.href;
    emit('page_view', { referrer, properties: pageContext() }, parseAttribution(location.search));
  };
  const autoPage = safe((): void => {
    if (location.href != lastUrl) page();
  });

  const api: Roilens = {
    track: safe((name: string, props?: Properties) => {
      if (name == null || name === '') return;
      const { type, ...fields } = trackFields(String(name), props || {}, currency);
      emit(type, fields);
    }),
    identify: safe((userId: string, traits?: Properties) => {
      if (userId == null || userId === '') return;
      writeValue('rl_uid', String(userId), TWO_YEARS);
      emit('custom', { name: 'identify', properties: traits });
    }),
    page: safe(page),
    variant(experimentKey, arms, weights) {
      try {
        const names = arms && typeof arms[0] == 'string' ? (arms as string[]) : undefined;
        const version = versions[experimentKey] || 2;
        const index = bucket(experimentKey, anonymousId, (names ? weights || names.map(() => 1) : arms || [1, 1]) as number[], version);
        const value = names ? names[Math.max(index, 0)] : Math.max(index, 0);
        const session = touch('');
        const mark = experimentKey + '=' + value;
        if (index >= 0 && session.exposed.indexOf(mark) < 0) {
          session.exposed.push(mark);
          saveSession(session);
          // Only exposures with the server's signed token count (issue 12 #5): it signs the variant it computes itself.
          const properties: Properties = { experiment: experimentKey, variant: value, hash_version: version };
          experiments('assign', '&' + new URLSearchParams({ ...properties, anonymous_id: anonymousId } as Record<string, string>))
            .then((answer: { token?: string }) => (properties.token = answer.token))
            .catch(() => 0)
            .then(() => emit('custom', { name: '$exposure', properties }));
        }
        return value;
      } catch {
        return 0;
      }
    },
    ready: safe((fn: (api: Roilens) => void) => {
      if (loaded) fn(api);
      else waiting.push(fn);
    }),
    reset: safe(() => {
      writeValue('rl_uid', '', 0);
      writeValue('rl_sid', '', 0);
      writeValue('rl_aid', (anonymousId = randomId()), TWO_YEARS);
    }),
    consent: safe((granted: boolean) => {
      keep(granted);
      // The page's id is stored from now on; one stored by an earlier visit wins.
      if (granted) writeValue('rl_aid', (anonymousId = readValue('rl_aid') || anonymousId), TWO_YEARS);
    }),
    push: safe((call: Call) => {
      if (typeof call == 'function') call(api);
      else (api[call[0] as keyof Roilens] as (...args: unknown[]) => void)(...call.slice(1));
    }),
  };

  experiments('definitions')
    .then((body: { experiments: { key: string; hash_version: number }[] }) => {
      const next: Record<string, number> = {};
      body.experiments.forEach((x) => (next[x.key] = x.hash_version));
      versions = next;
      localStorage.setItem('rl_xp', JSON.stringify(next));
    })
    .catch(() => undefined)
    .then(whenLoaded);

  const queued = window.roilens;
  window.roilens = api;
  autoPage();
  if (Array.isArray(queued)) queued.forEach(api.push);

  const pushState = history.pushState;
  history.pushState = function (this: History, ...args: Parameters<History['pushState']>) {
    pushState.apply(this, args);
    autoPage();
  };
  addEventListener('popstate', autoPage);
  // A page restored from the back/forward cache runs no script again: count the view.
  addEventListener('pageshow', (event) => event.persisted && api.page());
  addEventListener('pagehide', batch.flush);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState == 'hidden') batch.flush();
  });
}

if (!window.roilens || Array.isArray(window.roilens)) safe(install)();
