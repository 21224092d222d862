/** Recorded runs of a scenario: forecasts, Monte Carlo, sensitivity, computed on request. */
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { notFound } from '../errors.js';
import { runRequest } from '../protocol.js';
import { parse, pathParam } from '../request.js';
import type { RunRecord, RunRecordJson } from '../../storage/storage.js';
import type { Answer, ApiContext } from './context.js';

/**
 * Aborts when the connection closes before the answer is written: the page's Cancel aborts
 * its request, and the draws stop instead of running on for nobody.
 */
function callerGone(reply: FastifyReply): AbortSignal {
  const gone = new AbortController();
  reply.raw.once('close', () => {
    if (!reply.raw.writableEnded) gone.abort();
  });
  return gone.signal;
}

/**
 * The JSON text of the run `run` with `outputsJson` as its outputs: byte for byte
 * `JSON.stringify({ ...run, outputs: JSON.parse(outputsJson) })` (outputs is the last field,
 * as in a `RunRecord`), without parsing the outputs or writing them again.
 */
export function runRecordText(run: Omit<RunRecordJson, 'outputsJson'>, outputsJson: string): string {
  return `${JSON.stringify(run).slice(0, -1)},"outputs":${outputsJson}}`;
}

export const runRoutes: FastifyPluginAsync<ApiContext> = async (app, { storage, access, monteCarlo, analyses }) => {
  app.post('/scenarios/:scenario/runs', async (request, reply): Answer<'POST /api/scenarios/:scenario/runs'> => {
    // A forecast, sensitivity analysis or comparison takes CPU for a while wherever it runs:
    // hundreds at once would wait a minute for their turn (and PostgreSQL's connections time
    // out meanwhile), so beyond the bound they are refused at once, before any work. Monte
    // Carlo runs are bounded where their draws run (monte-carlo-runs.ts). The kind is read
    // before the body is checked, so that access is refused before a bad body is.
    const monteCarloAsked = (request.body as { kind?: unknown } | null)?.kind === 'monte-carlo';
    const release = monteCarloAsked ? () => undefined : analyses.slots.take(access.owner(request));
    try {
      const id = await access.scenarioId(request, pathParam(request, 'scenario'));
      const body = parse(runRequest, request.body);
      const stored = await access.scenario(request, id, body.version);
      const computed =
        body.kind === 'monte-carlo'
          ? await monteCarlo.compute(access.owner(request), stored.document.scenario, body, callerGone(reply))
          : await analyses.compute(stored.document.scenario, body);
      const made = { scenario: stored.id, version: stored.shown.version, kind: body.kind, author: access.author(request, body.author) };
      reply.code(201);
      if (computed.outputsJson === undefined) return await storage.recordRun({ ...made, ...computed });
      // Outputs as JSON text (megabytes for a forecast of every model): stored as written in
      // the thread, and sent as stored, never parsed or written again on the event loop.
      const { outputs: _none, ...inputs } = computed;
      const { outputsJson, ...run } = await storage.recordRunJson({ ...made, ...inputs });
      return reply.type('application/json; charset=utf-8').send(runRecordText(run, outputsJson)) as unknown as RunRecord;
    } finally {
      release();
    }
  });

  app.get('/scenarios/:scenario/runs', async (request): Answer<'GET /api/scenarios/:scenario/runs'> => {
    const id = await access.scenarioId(request, pathParam(request, 'scenario'));
    const runs = await storage.listRuns(id);
    if (!runs) throw notFound(`no scenario ${id}`);
    return { runs };
  });

  app.get('/runs/:run', async (request): Answer<'GET /api/runs/:run'> => {
    const id = pathParam(request, 'run');
    const run = await storage.getRun(id);
    if (!run) throw access.missing(request, `run ${id}`);
    await access.scenarioId(request, run.scenario, `run ${id}`);
    return run;
  });
};
