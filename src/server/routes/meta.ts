/** Who am I, and which models the server runs. */
import type { FastifyPluginAsync } from 'fastify';
import { models } from '../../core/models/index.js';
import type { ModelsResponse } from '../protocol.js';
import type { Answer, ApiContext } from './context.js';

export const metaRoutes: FastifyPluginAsync<ApiContext> = async (app, { access, sweeps }) => {
  app.get('/me', async (request): Answer<'GET /api/me'> => {
    const user = access.user(request);
    return { auth: access.mode, user: user ? { name: user.name } : null, sweeps: sweeps?.where ?? null };
  });

  app.get('/models', async (): Answer<'GET /api/models'> => ({
    models: models.map(({ id, name, summary, references, params }) => ({ id, name, summary, references, params })),
  } satisfies ModelsResponse));
};
