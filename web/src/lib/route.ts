import { useEffect, useState } from 'react';

export type Page = 'overview' | 'attribution' | 'experiments' | 'customers' | 'budget' | 'settings';
export const PAGES: readonly Page[] = ['overview', 'attribution', 'experiments', 'customers', 'budget', 'settings'];

export interface Route {
  page: Page;
  /** The rest of the path, e.g. the experiment id in `#/experiments/42`. */
  param: string | null;
}

/** `#/experiments/42` → `{page:'experiments', param:'42'}`; anything unknown is the overview. */
export function parseHash(hash: string): Route {
  const [first, ...rest] = hash.replace(/^#\/?/, '').split('/');
  const page = (PAGES as readonly string[]).includes(first) ? (first as Page) : 'overview';
  const param = rest.length > 0 && rest.join('/') !== '' ? decodeURIComponent(rest.join('/')) : null;
  return { page, param };
}

/** The href for a page (and optional parameter). */
export function href(page: Page, param?: string): string {
  return param ? `#/${page}/${encodeURIComponent(param)}` : `#/${page}`;
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
