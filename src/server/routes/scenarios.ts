/** One scenario: read, save, delete, copy, its versions (undo to any) and its YAML. */
import type { FastifyPluginAsync } from 'fastify';
import type { Scenario } from '../../core/scenario.js';
import { scenarioToYaml } from '../../io/scenario-file.js';
import { notFound } from '../errors.js';
import { duplicateRequest, restoreRequest, saveScenarioRequest } from '../protocol.js';
import { checkScenario, parse, pathParam, versionQuery } from '../request.js';
import type { Answer, ApiContext } from './context.js';

export const scenarioRoutes: FastifyPluginAsync<ApiContext> = async (app, { storage, access }) => {
  app.get('/scenarios/:scenario', async (request): Answer<'GET /api/scenarios/:scenario'> => {
    return access.scenario(request, pathParam(request, 'scenario'), versionQuery(request));
  });

  app.put('/scenarios/:scenario', async (request): Answer<'PUT /api/scenarios/:scenario'> => {
    const id = await access.scenarioId(request, pathParam(request, 'scenario'));
    const body = parse(saveScenarioRequest, request.body);
    const scenario = checkScenario(body.scenario);
    return storage.saveScenario(id, {
      baseVersion: body.baseVersion,
      scenario,
      author: access.author(request, body.author),
      ...(body.texts ? { texts: body.texts } : {}),
      ...(body.summary ? { summary: body.summary } : {}),
    });
  });

  app.delete('/scenarios/:scenario', async (request): Answer<'DELETE /api/scenarios/:scenario'> => {
    const id = await access.scenarioId(request, pathParam(request, 'scenario'));
    if (!(await storage.deleteScenario(id))) throw notFound(`no scenario ${id}`);
    return { deleted: true };
  });

  app.post('/scenarios/:scenario/duplicate', async (request, reply): Answer<'POST /api/scenarios/:scenario/duplicate'> => {
    const original = await access.scenario(request, pathParam(request, 'scenario'));
    const body = parse(duplicateRequest, request.body ?? {});
    const scenario: Scenario = { ...original.document.scenario, title: body.title ?? `${original.document.scenario.title} (copy)` };
    const copy = await storage.createScenario(original.workspaceId, {
      scenario,
      texts: original.document.texts,
      author: access.author(request, body.author),
      summary: `copied from "${original.title}" version ${original.version}`,
    });
    reply.code(201);
    return copy;
  });

  app.get('/scenarios/:scenario/versions', async (request): Answer<'GET /api/scenarios/:scenario/versions'> => {
    const id = await access.scenarioId(request, pathParam(request, 'scenario'));
    const versions = await storage.listVersions(id);
    if (!versions) throw notFound(`no scenario ${id}`);
    return { versions };
  });

  app.post('/scenarios/:scenario/restore', async (request): Answer<'POST /api/scenarios/:scenario/restore'> => {
    const id = await access.scenarioId(request, pathParam(request, 'scenario'));
    const body = parse(restoreRequest, request.body);
    return storage.restoreVersion(id, {
      version: body.version,
      author: access.author(request, body.author),
      ...(body.baseVersion === undefined ? {} : { baseVersion: body.baseVersion }),
    });
  });

  app.get('/scenarios/:scenario/export.yaml', async (request, reply) => {
    const stored = await access.scenario(request, pathParam(request, 'scenario'), versionQuery(request));
    const fileName = `${stored.document.scenario.id.replace(/[^\w.-]+/g, '-')}.yaml`;
    reply.header('content-type', 'text/yaml; charset=utf-8').header('content-disposition', `attachment; filename="${fileName}"`);
    return scenarioToYaml(stored.document.scenario);
  });
};
