/** One scenario: read, save, delete, copy, its versions (undo to any) and its YAML. */
import type { FastifyPluginAsync } from 'fastify';
import type { Scenario } from '../../core/scenario.js';
import { scenarioToYaml } from '../../io/scenario-file.js';
import { listChanges } from '../../storage/describe-changes.js';
import { errorBody, notFound, RequestError } from '../errors.js';
import { duplicateRequest, maxServerDraws, restoreRequest, saveScenarioRequest } from '../protocol.js';
import { checkScenario, parse, pathParam, versionQuery } from '../request.js';
import type { Answer, ApiContext } from './context.js';

/**
 * A save by the same user within this many seconds of the newest version, changing again the
 * one value that version changed, replaces it (storage/coalesce.ts): a slider dragged or a
 * number nudged is one version, whichever client saved it. Named versions are never coalesced.
 */
export const coalesceSeconds = 30;

export const scenarioRoutes: FastifyPluginAsync<ApiContext> = async (app, { storage, access, report }) => {
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
      coalesceSeconds,
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
    return scenarioToYaml(stored.document.scenario, stored.document.texts);
  });

  app.get('/scenarios/:scenario/changes', async (request): Answer<'GET /api/scenarios/:scenario/changes'> => {
    // Access first: someone else's scenario gets the same refusal whatever the query says.
    const id = await access.scenarioId(request, pathParam(request, 'scenario'));
    const from = versionQuery(request, 'from');
    const to = versionQuery(request, 'to');
    if (from === undefined || to === undefined) {
      throw new RequestError(
        400,
        errorBody('invalid-request', 'give both versions: ?from=N&to=M', [
          { code: 'request', path: [from === undefined ? 'from' : 'to'], message: 'expected a whole number from 1' },
        ]),
      );
    }
    const [before, after] = [await access.scenario(request, id, from), await access.scenario(request, id, to)];
    return { from, to, changes: listChanges(before.document, after.document) };
  });

  /** The brief `parley report` writes (100 draws, seed 1 unless asked), for the page's "Download report". */
  app.get('/scenarios/:scenario/report.html', async (request, reply) => {
    const stored = await access.scenario(request, pathParam(request, 'scenario'), versionQuery(request));
    const query = request.query as Record<string, unknown>;
    const variant = typeof query.variant === 'string' && query.variant !== '' ? query.variant : undefined;
    const draws = versionQuery(request, 'draws') ?? 100;
    if (draws > maxServerDraws)
      throw new RequestError(
        400,
        errorBody('invalid-request', `draws must be at most ${maxServerDraws}, got ${draws}`, [
          { code: 'request', path: ['draws'], message: `at most ${maxServerDraws}` },
        ]),
      );
    const scenario = stored.document.scenario;
    if (variant !== undefined && !(scenario.variants ?? []).some((entry) => entry.id === variant)) throw notFound(`no variant ${variant} in this scenario`);
    if (!report) throw notFound('this server makes no reports: run `parley report` on the exported file');
    const fileName = scenario.id.replace(/[^\w.-]+/g, '-');
    const page = await report(scenario, {
      ...(variant === undefined ? {} : { variant }),
      draws,
      seed: 1,
      generated: new Date().toISOString().slice(0, 10),
      file: `${fileName}.yaml`,
    });
    reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('content-disposition', `attachment; filename="${fileName}${variant ? `-${variant.replace(/[^\w.-]+/g, '-')}` : ''}-brief.html"`);
    return page;
  });
};
