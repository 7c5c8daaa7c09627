import { useEffect, useState } from 'react';

export type Page = 'overview' | 'attribution' | 'experiments' | 'customers' | 'budget' | 'partners' | 'imports' | 'settings' | 'agency';
export const PAGES: readonly Page[] = ['overview', 'attribution', 'experiments', 'customers', 'budget', 'partners', 'imports', 'settings', 'agency'];

export interface Route {
  page: Page;
  /** The rest of the path, e.g. the experiment id in `#/experiments/42`. */
  param: string | null;
  /** The query after the path: `#/overview?range=last7&compare=previous_year`. */
  query: URLSearchParams;
}

/** `#/experiments/42?range=last7` → `{page:'experiments', param:'42', query: range=last7}`; anything unknown is the overview. */
export function parseHash(hash: string): Route {
  const [path, search = ''] = hash.replace(/^#\/?/, '').split('?', 2);
  const [first, ...rest] = path.split('/');
  const page = (PAGES as readonly string[]).includes(first) ? (first as Page) : 'overview';
  const param = rest.length > 0 && rest.join('/') !== '' ? decodeURIComponent(rest.join('/')) : null;
  return { page, param, query: new URLSearchParams(search) };
}

/** The href for a page (and optional parameter), keeping `query` (the date range) when given. */
export function href(page: Page, param?: string, query?: URLSearchParams | string): string {
  const path = param ? `#/${page}/${encodeURIComponent(param)}` : `#/${page}`;
  const search = query === undefined ? '' : String(query);
  return search ? `${path}?${search}` : path;
}

/** Replaces the query of the current hash route without adding a history entry per keystroke. */
export function replaceQuery(query: URLSearchParams): void {
  const [path] = window.location.hash.split('?', 1);
  const search = query.toString();
  const next = `${path || '#/overview'}${search ? `?${search}` : ''}`;
  if (next === window.location.hash) return;
  window.history.replaceState(window.history.state, '', `${window.location.pathname}${window.location.search}${next}`);
  window.dispatchEvent(new HashChangeEvent('hashchange'));
}

/** The current hash route, updated on navigation. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseHash(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
