/** Workspaces, and the scenarios created or imported into one. */
import type { FastifyPluginAsync } from 'fastify';
import { importBdmCsv } from '../../io/bdm.js';
import { importKtabCsv } from '../../io/ktab.js';
import { parseScenarioText } from '../../io/scenario-file.js';
import { errorBody, notFound, RequestError } from '../errors.js';
import { createScenarioRequest, createWorkspaceRequest, importRequest, type ImportResponse } from '../protocol.js';
import { checkScenario, countProblems, parse, pathParam } from '../request.js';
import type { Answer, ApiContext } from './context.js';

export const workspaceRoutes: FastifyPluginAsync<ApiContext> = async (app, { storage, access }) => {
  app.get('/workspaces', async (request): Answer<'GET /api/workspaces'> => ({ workspaces: await access.workspaces(request) }));

  app.post('/workspaces', async (request, reply): Answer<'POST /api/workspaces'> => {
    const body = parse(createWorkspaceRequest, request.body);
    const user = access.user(request);
    reply.code(201);
    return storage.createWorkspace(body.name, user ? [user.id] : []);
  });

  app.get('/workspaces/:workspace', async (request): Answer<'GET /api/workspaces/:workspace'> => {
    const id = await access.workspace(request, pathParam(request, 'workspace'));
    const workspace = await storage.getWorkspace(id);
    if (!workspace) throw notFound(`no workspace ${id}`);
    return { workspace, scenarios: await storage.listScenarios(id) };
  });

  app.post('/workspaces/:workspace/scenarios', async (request, reply): Answer<'POST /api/workspaces/:workspace/scenarios'> => {
    const workspace = await access.workspace(request, pathParam(request, 'workspace'));
    const body = parse(createScenarioRequest, request.body);
    const scenario = checkScenario(body.scenario);
    const created = await storage.createScenario(workspace, {
      scenario,
      author: access.author(request, body.author),
      ...(body.texts ? { texts: body.texts } : {}),
      ...(body.summary ? { summary: body.summary } : {}),
    });
    reply.code(201);
    return created;
  });

  app.post('/workspaces/:workspace/imports', async (request, reply): Answer<'POST /api/workspaces/:workspace/imports'> => {
    const workspace = await access.workspace(request, pathParam(request, 'workspace'));
    const body = parse(importRequest, request.body);
    const fileName = body.fileName ?? `import.${body.format === 'yaml' ? 'yaml' : 'csv'}`;
    const imported =
      body.format === 'yaml'
        ? { ...parseScenarioText(body.text, fileName), notes: [] as string[] }
        : body.format === 'ktab'
          ? importKtabCsv(body.text, fileName)
          : importBdmCsv(body.text, fileName, body.scale ? { scale: body.scale } : {});
    if (!imported.scenario || imported.problems.length > 0) {
      throw new RequestError(400, errorBody('invalid-scenario', `${fileName}: ${countProblems(imported.problems)}`, imported.problems));
    }
    const scenario = checkScenario(imported.scenario);
    const texts = 'texts' in imported ? imported.texts : undefined;
    const created = await storage.createScenario(workspace, {
      scenario,
      ...(texts && Object.keys(texts).length > 0 ? { texts: { ...texts } } : {}),
      author: access.author(request, body.author),
      summary: `imported from ${fileName} (${body.format})`,
    });
    reply.code(201);
    return { scenario: created, notes: imported.notes } satisfies ImportResponse;
  });
};
