/** Background Monte Carlo runs (sweeps) on the server's threads or a queue, with their progress. */
import type { FastifyPluginAsync } from 'fastify';
import { planDraws } from '../../core/analyses/draws.js';
import { errorBody, RequestError } from '../errors.js';
import { sweepRequest } from '../protocol.js';
import { parse, pathParam } from '../request.js';
import type { Answer, ApiContext } from './context.js';

export const sweepRoutes: FastifyPluginAsync<ApiContext> = async (app, { access, sweeps }) => {
  app.post('/scenarios/:scenario/sweeps', async (request, reply): Answer<'POST /api/scenarios/:scenario/sweeps'> => {
    const id = await access.scenarioId(request, pathParam(request, 'scenario'));
    const body = parse(sweepRequest, request.body);
    const stored = await access.scenario(request, id, body.version);
    if (!sweeps) throw new RequestError(404, errorBody('not-found', 'this server runs no sweeps'));
    // Checked here, so a bad model, variant or parameter is a 400 now rather than a failed sweep later.
    planDraws(stored.document.scenario, {
      draws: body.draws,
      seed: body.seed,
      ...(body.models ? { models: body.models } : {}),
      ...(body.params ? { params: body.params } : {}),
      ...(body.variant ? { variant: body.variant } : {}),
      ...(body.bins === undefined ? {} : { bins: body.bins }),
    });
    reply.code(202);
    return sweeps.start(stored, body, access.author(request, body.author), access.owner(request));
  });

  app.get('/sweeps/:sweep', async (request): Answer<'GET /api/sweeps/:sweep'> => {
    const id = pathParam(request, 'sweep');
    const state = sweeps?.get(id);
    if (!state) throw access.missing(request, `sweep ${id}`);
    await access.scenarioId(request, state.scenario, `sweep ${id}`);
    return state;
  });

  app.post('/sweeps/:sweep/cancel', async (request): Answer<'POST /api/sweeps/:sweep/cancel'> => {
    const id = pathParam(request, 'sweep');
    const state = sweeps?.get(id);
    if (!state) throw access.missing(request, `sweep ${id}`);
    await access.scenarioId(request, state.scenario, `sweep ${id}`);
    return (await sweeps!.cancel(id))!;
  });
};
