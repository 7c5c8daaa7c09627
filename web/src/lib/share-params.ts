/**
 * What a share link stores for a report page (issue 15): the view's name and its filters, as that
 * view's own API takes them (`POST /v1/share-links {view, params}`). One mapping for Settings › Share
 * links and each page's Share button, so a link shows what the page showed. Pure.
 */

/** A report a link can show, with the filters of the page it is made from. */
export type ShareTarget =
  | { view: 'kpis'; from?: string; to?: string; by?: string }
  | { view: 'attribution'; from?: string; to?: string; model?: string }
  | { view: 'cohorts'; period?: 'month' | 'week' }
  | { view: 'budget'; total: number; weeks: number }
  | { view: 'experiment'; id: string };

export type ShareView = ShareTarget['view'];

/** The model the dashboard's attribution figures use when the page names none (the KPI report's default). */
export const SHARE_DEFAULT_MODEL = 'last-non-direct';

/**
 * The `{view, params}` of a link for `target`, blank filters left out (the view's defaults apply).
 * @example shareRequestOf({ view: 'attribution', from: '2026-03-01', to: '' })
 *   // { view: 'attribution', params: { model: 'last-non-direct', from: '2026-03-01' } }
 */
export function shareRequestOf(target: ShareTarget): { view: ShareView; params: Record<string, string | number> } {
  const { view, ...filters } = target;
  const params: Record<string, string | number> = {};
  if (view === 'attribution') params.model = target.model || SHARE_DEFAULT_MODEL;
  for (const [key, value] of Object.entries(filters)) {
    if (value !== undefined && value !== '' && !(key in params)) params[key] = value;
  }
  return { view, params };
}
