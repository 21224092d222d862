/**
 * The page's side of the analysis worker: `useAnalysis` posts a request when its input
 * changes (at once, or after the pause its caller asks for) and keeps the newest answer, so
 * the page shows the last forecast until the next one arrives.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AnalysisKind, AnalysisRequest, AnalysisResults, FromWorker } from './protocol.js';

type Listener = (message: FromWorker) => void;

/** One worker and the requests waiting for its answers. */
export class AnalysisClient {
  private readonly worker: Worker;
  private readonly listeners = new Map<number, Listener>();
  private nextId = 1;

  constructor() {
    this.worker = new Worker(new URL('./analysis.worker.ts', import.meta.url), { type: 'module', name: 'parley-analysis' });
    this.worker.onmessage = (event: MessageEvent<FromWorker>) => this.listeners.get(event.data.id)?.(event.data);
  }

  /** Posts a request; `listener` hears its progress and its answer. Returns the request's id. */
  post(request: DistributiveOmit<AnalysisRequest, 'id'>, listener: Listener): number {
    const id = this.nextId++;
    this.listeners.set(id, (message) => {
      if (message.kind !== 'progress') this.listeners.delete(id);
      listener(message);
    });
    this.worker.postMessage({ ...request, id } as AnalysisRequest);
    return id;
  }

  cancel(id: number): void {
    this.listeners.delete(id);
    this.worker.postMessage({ kind: 'cancel', id });
  }
}

/** How often a run's progress may update the page. */
const progressMilliseconds = 400;

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

let clients: { live: AnalysisClient; headline: AnalysisClient; heavy: AnalysisClient } | undefined;

/**
 * Three workers: live forecasts never wait behind the headline (a few hundred draws) or a
 * long Monte Carlo run.
 */
export function analysisClients(): { live: AnalysisClient; headline: AnalysisClient; heavy: AnalysisClient } {
  clients ??= { live: new AnalysisClient(), headline: new AnalysisClient(), heavy: new AnalysisClient() };
  return clients;
}

export interface AnalysisState<K extends AnalysisKind> {
  result?: AnalysisResults[K];
  /** The request the result answers. */
  answered?: DistributiveOmit<Extract<AnalysisRequest, { kind: K }>, 'id'>;
  running: boolean;
  error?: string;
  /** Monte Carlo: draws finished so far. */
  progress?: number;
  milliseconds?: number;
}

type Request<K extends AnalysisKind> = DistributiveOmit<Extract<AnalysisRequest, { kind: K }>, 'id'>;

/** Whether two requests ask the same: every field the same value (a scenario the same object). */
function sameRequest(one: object, other: object): boolean {
  const keys = Object.keys(one);
  return (
    keys.length === Object.keys(other).length && keys.every((key) => Object.is((one as Record<string, unknown>)[key], (other as Record<string, unknown>)[key]))
  );
}

/**
 * Runs `request` in the worker whenever it changes (compared by identity), `delay`
 * milliseconds after the last change; `null` runs nothing and keeps the last answer.
 */
export function useAnalysis<K extends AnalysisKind>(client: AnalysisClient, request: Request<K> | null, delay: number): AnalysisState<K> {
  return useAnalysisPostedEarly(client, request, delay)[0];
}

/**
 * `useAnalysis`, and a way to post a request before the page has drawn the change it answers
 * (an edit posts its forecast from the event itself, while the page draws the edit): the
 * request the next render then makes, asking the same, is not posted again.
 */
export function useAnalysisPostedEarly<K extends AnalysisKind>(
  client: AnalysisClient,
  request: Request<K> | null,
  delay: number,
): [AnalysisState<K>, (early: Request<K>) => void] {
  const [state, setState] = useState<AnalysisState<K>>({ running: false });
  const current = useRef<number | undefined>(undefined);
  const lastProgress = useRef(0);
  const postedEarly = useRef<Request<K> | undefined>(undefined);

  const send = useCallback(
    (sent: Request<K>) => {
      if (current.current !== undefined && sent.kind === 'monte-carlo') client.cancel(current.current);
      const id = client.post(sent as DistributiveOmit<AnalysisRequest, 'id'>, (message) => {
        if (current.current !== id) return;
        if (message.kind === 'progress') {
          // At most a few updates a second: each one re-renders whatever shows the run.
          const at = performance.now();
          if (at - lastProgress.current < progressMilliseconds) return;
          lastProgress.current = at;
          setState((previous) => ({ ...previous, progress: message.finished }));
        } else if (message.kind === 'result') {
          setState({ result: message.result as AnalysisResults[K], answered: sent, running: false, milliseconds: message.milliseconds });
        } else if (message.kind === 'failed') setState((previous) => ({ ...previous, running: false, error: message.message }));
      });
      current.current = id;
    },
    [client],
  );

  const postEarly = useCallback(
    (early: Request<K>) => {
      postedEarly.current = early;
      send(early);
    },
    [send],
  );

  useEffect(() => {
    const early = postedEarly.current;
    postedEarly.current = undefined;
    if (request === null) return undefined;
    setState((previous) => ({ ...previous, running: true }));
    if (early !== undefined && sameRequest(early, request)) return undefined;
    // Without a pause, posted now: a timer would wait for the page to draw the edit first.
    if (delay === 0) {
      send(request);
      return undefined;
    }
    const timer = setTimeout(() => send(request), delay);
    return () => clearTimeout(timer);
  }, [request, delay, send]);

  return [state, postEarly];
}
