/**
 * A callback whose identity never changes and which always calls the newest one it was given,
 * so a memoised child (React.memo) handed it is not drawn again merely because its parent
 * was (a forecast arriving re-renders the page around the grid, not the grid). For event
 * handlers only: it calls the callback of the last committed render, never one of a render
 * still in progress.
 */
import { useCallback, useLayoutEffect, useRef } from 'react';

export function useStableCallback<Args extends unknown[], Result>(callback: (...args: Args) => Result): (...args: Args) => Result {
  const latest = useRef(callback);
  useLayoutEffect(() => {
    latest.current = callback;
  });
  return useCallback((...args: Args) => latest.current(...args), []);
}
