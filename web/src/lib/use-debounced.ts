import { useEffect, useRef, useState } from 'react';

/** How long typing must pause before a typed value fetches (issue 14: one request per pause, not per key). */
export const TYPING_PAUSE_MS = 300;

/**
 * `value`, once it has stayed the same for `ms`: a field that fetches on every change (a number of
 * weeks, a date) asks once per pause in typing. The first value is returned at once.
 *
 * @example
 *   const weeksAsked = useDebounced(weeks); // 1 → 12 typed quickly: one fetch, for 12
 */
export function useDebounced<T>(value: T, ms = TYPING_PAUSE_MS): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    if (Object.is(value, settled)) return;
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]); // eslint-disable-line react-hooks/exhaustive-deps
  return settled;
}

/**
 * A callback that runs `ms` after the last call (with that call's arguments); a newer call cancels
 * the waiting one, and so does unmounting.
 */
export function useDebouncedCallback<A extends unknown[]>(fn: (...args: A) => void, ms = TYPING_PAUSE_MS): (...args: A) => void {
  const latest = useRef(fn);
  latest.current = fn;
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const [call] = useState(() => (...args: A) => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => latest.current(...args), ms);
  });
  return call;
}
