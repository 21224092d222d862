/**
 * A workspace's forecast ledger (`docs/ledger.md`): record a saved scenario's forecast, resolve
 * one, list and verify the chain, score it, print its head, export it. The same operations as
 * `parley ledger` (`storage/ledger.ts`), with the workspace's access rules.
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { scoreLedger } from '../../core/ledger/score.js';
import { scenarioToYaml } from '../../io/scenario-file.js';
import { packageVersion } from '../../io/package-version.js';
import { BrokenLedger, readLedger, recordForecast, resolveForecast, verifiedEntries } from '../../storage/ledger.js';
import type { Storage } from '../../storage/storage.js';
import { errorBody, RequestError } from '../errors.js';
import { recordForecastRequest, resolveForecastRequest } from '../protocol.js';
import { parse, pathParam } from '../request.js';
import type { Answer, ApiContext } from './context.js';

/** A request the ledger refuses: the field at fault and why, as an invalid request (nothing written). */
function refused(problem: { field: string; message: string }): RequestError {
  const field = problem.field === 'resolve-by' ? 'resolveBy' : problem.field;
  return new RequestError(
    400,
    errorBody('invalid-request', `${field}: ${problem.message}; nothing was recorded`, [{ code: 'ledger', path: [field], message: problem.message }]),
  );
}

/** A chain that does not verify is neither extended nor scored: 409 with where it broke. */
async function entriesOrConflict(storage: Storage, workspace: string) {
  try {
    return await verifiedEntries(storage, workspace);
  } catch (error) {
    if (error instanceof BrokenLedger) throw new RequestError(409, errorBody('conflict', error.message));
    throw error;
  }
}

function digestQuery(request: FastifyRequest): string | undefined {
  const raw = (request.query as Record<string, unknown>).digest;
  if (raw === undefined) return undefined;
  const digest = typeof raw === 'string' ? raw.replace(/^sha256:/i, '') : '';
  if (!/^[0-9a-f]{64}$/i.test(digest)) {
    throw new RequestError(
      400,
      errorBody('invalid-request', 'digest must be the 64 hex digits of a published head', [
        { code: 'request', path: ['digest'], message: 'expected 64 hex digits' },
      ]),
    );
  }
  return digest;
}

export const ledgerRoutes: FastifyPluginAsync<ApiContext> = async (app, { storage, access }) => {
  app.get('/workspaces/:workspace/ledger', async (request): Answer<'GET /api/workspaces/:workspace/ledger'> => {
    const workspace = await access.workspace(request, pathParam(request, 'workspace'));
    const { entries, report } = await readLedger(storage, workspace);
    return { entries, verify: report };
  });

  app.post('/workspaces/:workspace/ledger', async (request, reply): Answer<'POST /api/workspaces/:workspace/ledger'> => {
    const workspace = await access.workspace(request, pathParam(request, 'workspace'));
    const body = parse(recordForecastRequest, request.body);
    const stored = await access.scenario(request, body.scenario, body.version);
    if (stored.workspaceId !== workspace) throw access.missing(request, `scenario ${body.scenario} in workspace ${workspace}`);
    await entriesOrConflict(storage, workspace);
    const scenario = stored.document.scenario;
    const entry = await recordForecast(storage, workspace, {
      scenario,
      yaml: scenarioToYaml(scenario),
      request: {
        ...(body.models === undefined ? {} : { models: body.models }),
        ...(body.params === undefined ? {} : { params: body.params }),
        ...(body.variant === undefined ? {} : { variant: body.variant }),
        ...(body.seed === undefined ? {} : { seed: body.seed }),
        ...(body.note === undefined ? {} : { note: body.note }),
        ...(body.resolveBy === undefined ? {} : { resolveBy: body.resolveBy }),
      },
      author: access.author(request, body.author),
      parley: packageVersion(),
    });
    if ('field' in entry) throw refused(entry);
    reply.code(201);
    return { entry };
  });

  app.post('/workspaces/:workspace/ledger/resolutions', async (request, reply): Answer<'POST /api/workspaces/:workspace/ledger/resolutions'> => {
    const workspace = await access.workspace(request, pathParam(request, 'workspace'));
    const body = parse(resolveForecastRequest, request.body);
    await entriesOrConflict(storage, workspace);
    const entry = await resolveForecast(
      storage,
      workspace,
      {
        entry: String(body.entry),
        issue: body.issue,
        observed: String(body.observed),
        date: body.date,
        source: body.source,
        ...(body.quote === undefined ? {} : { quote: body.quote }),
      },
      { author: access.author(request, body.author), parley: packageVersion(), now: new Date() },
    );
    if ('field' in entry) throw refused(entry);
    reply.code(201);
    return { entry };
  });

  app.get('/workspaces/:workspace/ledger/verify', async (request): Answer<'GET /api/workspaces/:workspace/ledger/verify'> => {
    const workspace = await access.workspace(request, pathParam(request, 'workspace'));
    return (await readLedger(storage, workspace, digestQuery(request))).report;
  });

  app.get('/workspaces/:workspace/ledger/score', async (request): Answer<'GET /api/workspaces/:workspace/ledger/score'> => {
    const workspace = await access.workspace(request, pathParam(request, 'workspace'));
    const entries = await entriesOrConflict(storage, workspace);
    const last = entries.at(-1);
    return { head: last === undefined ? null : { seq: last.seq, hash: last.hash }, ...scoreLedger(entries) };
  });

  app.get('/workspaces/:workspace/ledger/digest', async (request): Answer<'GET /api/workspaces/:workspace/ledger/digest'> => {
    const workspace = await access.workspace(request, pathParam(request, 'workspace'));
    const last = (await entriesOrConflict(storage, workspace)).at(-1);
    return { head: last === undefined ? null : { seq: last.seq, hash: last.hash } };
  });

  app.get('/workspaces/:workspace/ledger/export.jsonl', async (request, reply): Answer<'GET /api/workspaces/:workspace/ledger/export.jsonl'> => {
    const workspace = await access.workspace(request, pathParam(request, 'workspace'));
    const { stored } = await readLedger(storage, workspace);
    reply.type('application/jsonl; charset=utf-8').header('content-disposition', `attachment; filename="ledger-${workspace}.jsonl"`);
    return stored.map((json) => `${json}\n`).join('');
  });
};
