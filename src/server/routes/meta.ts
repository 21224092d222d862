/** Who am I, which models the server runs, and the API's own description (OpenAPI). */
import type { FastifyPluginAsync } from 'fastify';
import { models } from '../../core/models/index.js';
import { packageVersion } from '../../io/package-version.js';
import { openApiDocument } from '../openapi.js';
import type { ModelsResponse } from '../protocol.js';
import type { Answer, ApiContext } from './context.js';

export const metaRoutes: FastifyPluginAsync<ApiContext> = async (app, { access, sweeps }) => {
  app.get('/me', async (request): Answer<'GET /api/me'> => {
    const user = access.user(request);
    return { auth: access.mode, user: user ? { name: user.name } : null, sweeps: sweeps?.where ?? null };
  });

  app.get(
    '/models',
    async (): Answer<'GET /api/models'> =>
      ({
        models: models.map(({ id, name, summary, references, params }) => ({ id, name, summary, references, params })),
      }) satisfies ModelsResponse,
  );

  // Made on first request: it is the same for every request to this server.
  let description: Record<string, unknown> | undefined;
  app.get('/openapi.json', async (): Answer<'GET /api/openapi.json'> => (description ??= openApiDocument(packageVersion())));
};
