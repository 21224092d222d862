/**
 * A Vega-Lite spec from `src/report/charts.ts` drawn with vega-embed, so a figure looks the
 * same here as in reports. Vega is loaded on first use (it is the app's largest part) and
 * runs with its expression interpreter, so the page needs no `eval`. When the server is gone
 * before Vega was loaded, the chart says so in words.
 */
import { useEffect, useRef, useState } from 'react';
import type { ChartSpec } from '@parley/report/charts.js';

/** A code chunk the browser could not fetch (the server stopped or the network is down), as Chromium, Firefox and Safari word it. */
function chunkNotFetched(error: unknown): boolean {
  return (
    error instanceof TypeError && /dynamically imported module|Importing a module script failed|error loading dynamically imported module/i.test(error.message)
  );
}

const serverGoneText =
  'the page could not load its chart code because the Parley server is not answering. Nothing is lost; once the server is back, reload the page to see the chart.';

const loadVega = () => Promise.all([import('vega-embed'), import('vega-interpreter')]);

/**
 * Fetches Vega's code a moment after the page has loaded, before any chart asks for it: a
 * server that stops later (a restart) then costs no chart. The browser keeps a failed module
 * fetch for the page's life, so a chart whose code was asked for while the server was gone
 * draws only after a reload.
 */
export function preloadCharts(): void {
  window.setTimeout(() => void loadVega().catch(() => undefined), 1000);
}

/**
 * Resolves after the browser has drawn the frame now being prepared: a chart takes tens of
 * milliseconds to draw, and what changed with it (the live forecast's table, say) is seen first.
 */
const afterPaint = () => new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));

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
        const [[{ default: embed }, { expressionInterpreter }]] = await Promise.all([loadVega(), afterPaint()]);
        if (cancelled || !container.current) return;
        const result = await embed(container.current, JSON.parse(content) as ChartSpec, {
          actions: false,
          renderer: 'svg',
          ast: true,
          expr: expressionInterpreter,
        });
        if (cancelled) result.finalize();
        else finalize = () => result.finalize();
        setFailure(undefined);
      } catch (error) {
        if (cancelled) return;
        setFailure(chunkNotFetched(error) ? serverGoneText : error instanceof Error ? error.message : String(error));
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
