/**
 * The library's analyses off the page's thread, so typing and dragging never freeze: the
 * page posts a scenario, the worker answers with the forecast (or the headline, comparison,
 * Monte Carlo summary, tornado, strategy advice). Requests of one kind are coalesced: only the newest waiting one runs.
 */
import { advise } from '@parley/core/analyses/advise.js';
import { compare } from '@parley/core/analyses/compare.js';
import { headline } from '@parley/core/analyses/headline.js';
import { monteCarlo } from '@parley/core/analyses/monte-carlo.js';
import { sensitivity } from '@parley/core/analyses/sensitivity.js';
import { forecast } from '@parley/core/forecast.js';
import type { AnalysisRequest, AnalysisResults, FromWorker, ToWorker } from './protocol.js';

const post = (message: FromWorker) => (self as unknown as Worker).postMessage(message);

const waiting = new Map<AnalysisRequest['kind'], AnalysisRequest>();
const running = new Map<number, AbortController>();
let scheduled = false;

self.onmessage = (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  if (message.kind === 'cancel') {
    running.get(message.id)?.abort();
    for (const [kind, request] of waiting) if (request.id === message.id) waiting.delete(kind);
    return;
  }
  const superseded = waiting.get(message.kind);
  if (superseded) post({ kind: 'superseded', id: superseded.id });
  waiting.set(message.kind, message);
  schedule();
};

function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  setTimeout(() => {
    scheduled = false;
    const next = waiting.values().next();
    if (next.done) return;
    waiting.delete(next.value.kind);
    void run(next.value).finally(() => {
      if (waiting.size > 0) schedule();
    });
  }, 0);
}

async function run(request: AnalysisRequest): Promise<void> {
  const started = performance.now();
  try {
    const result = await compute(request);
    post({ kind: 'result', id: request.id, request: request.kind, result, milliseconds: performance.now() - started });
  } catch (error) {
    post({ kind: 'failed', id: request.id, message: error instanceof Error ? error.message : String(error) });
  }
}

async function compute(request: AnalysisRequest): Promise<AnalysisResults[AnalysisRequest['kind']]> {
  switch (request.kind) {
    case 'forecast':
      return forecast(request.scenario, { ...(request.variant ? { variant: request.variant } : {}), ...(request.detail ? { detail: request.detail } : {}) });
    case 'compare':
      return compare(request.scenario, { variants: request.variants });
    case 'sensitivity':
      return sensitivity(request.scenario, request.variant ? { variant: request.variant } : {});
    case 'headline':
      return headline(request.scenario, request.variant ? { variant: request.variant } : {});
    case 'advise':
      return advise(request.scenario, { actor: request.actor, ...(request.variant ? { variant: request.variant } : {}) });
    case 'monte-carlo': {
      const controller = new AbortController();
      running.set(request.id, controller);
      try {
        const run = await monteCarlo(
          request.scenario,
          { draws: request.draws, seed: request.seed, keepInputs: false, ...(request.variant ? { variant: request.variant } : {}) },
          { signal: controller.signal, onProgress: (finished) => post({ kind: 'progress', id: request.id, finished }) },
        );
        return run.summary;
      } finally {
        running.delete(request.id);
      }
    }
  }
}
