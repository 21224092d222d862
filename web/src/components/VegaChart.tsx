/**
 * A Vega-Lite spec from `src/report/charts.ts` drawn with vega-embed, so a figure looks the
 * same here as in reports. Vega is loaded on first use (it is the app's largest part) and
 * runs with its expression interpreter, so the page needs no `eval`.
 */
import { useEffect, useRef, useState } from 'react';
import type { ChartSpec } from '@parley/report/charts.js';

export function VegaChart({ spec, label }: { spec: ChartSpec; label: string }) {
  const container = useRef<HTMLDivElement>(null);
  const [failure, setFailure] = useState<string>();
  // Drawn again only when the spec's content changes: a parent re-rendering (a Monte Carlo
  // run's progress, a keystroke elsewhere) with an equal spec leaves the chart alone.
  const content = JSON.stringify(spec);

  useEffect(() => {
    let finalize: (() => void) | undefined;
    let cancelled = false;
    void (async () => {
      try {
        const [{ default: embed }, { expressionInterpreter }] = await Promise.all([import('vega-embed'), import('vega-interpreter')]);
        if (cancelled || !container.current) return;
        const result = await embed(container.current, JSON.parse(content) as ChartSpec, { actions: false, renderer: 'svg', ast: true, expr: expressionInterpreter });
        if (cancelled) result.finalize();
        else finalize = () => result.finalize();
        setFailure(undefined);
      } catch (error) {
        if (!cancelled) setFailure(error instanceof Error ? error.message : String(error));
      }
    })();
    return () => {
      cancelled = true;
      finalize?.();
    };
  }, [content]);

  return (
    <figure className="chart" aria-label={label}>
      <div ref={container} />
      {failure ? <p className="error">The chart could not be drawn: {failure}</p> : null}
    </figure>
  );
}
