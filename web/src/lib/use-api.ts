import { useEffect, useState } from 'react';
import { ApiError, apiGet } from './api';

export type ApiState<T> =
  | { status: 'loading' }
  | { status: 'ok'; data: T }
  | { status: 'error'; error: ApiError };

/**
 * Fetches `url` (null = nothing to fetch yet) and re-fetches when it or
 * `reloadKey` changes; an older answer never overwrites a newer one.
 */
export function useApi<T>(url: string | null, reloadKey = 0): ApiState<T> {
  const [state, setState] = useState<ApiState<T>>({ status: 'loading' });
  useEffect(() => {
    if (url === null) return;
    const controller = new AbortController();
    setState({ status: 'loading' });
    apiGet<T>(url, controller.signal).then(
      (data) => setState({ status: 'ok', data }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        const apiError = error instanceof ApiError ? error : new ApiError(0, String(error));
        setState({ status: 'error', error: apiError });
      },
    );
    return () => controller.abort();
  }, [url, reloadKey]);
  return state;
}
