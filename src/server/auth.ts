/**
 * Who asks, and what they may see.
 *
 * Sign-in is decided on the route the router matched, never on the text of the URL: the
 * router decodes a path (`/%61pi/…` is `/api/…`) before it matches, so a check of the raw
 * URL can be walked around by spelling it differently. It fails closed: every route needs a
 * signed-in user unless it was registered as public (`publicScope`: the web page and its
 * files), and so does an answer for a path no route matches.
 *
 * With `tokens`, a request must carry a valid token (401 otherwise), and a workspace,
 * scenario or run outside the user's workspaces is refused with 403 — the same answer as
 * for one that does not exist, so a refusal tells nothing about other teams' work. With
 * `none`, everyone is the one local user.
 */
import type { FastifyInstance, FastifyPluginAsync, FastifyRequest, RouteOptions } from 'fastify';
import type { Storage, StoredScenario, UserRecord } from '../storage/storage.js';
import { errorBody, notFound, RequestError } from './errors.js';
import type { AuthMode } from './protocol.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in user; null without sign-in (`auth: none`) or before the sign-in hook. */
    parleyUser: UserRecord | null;
  }
  interface FastifyContextConfig {
    /** Served without sign-in (the web page and its files); every other route needs a user. */
    public?: boolean;
  }
}

export type Access = ReturnType<typeof createAccess>;

/** The access rules over `storage` in `mode`; `authPlugin` applies them to every request. */
export function createAccess(storage: Storage, mode: AuthMode) {
  function user(request: FastifyRequest): UserRecord | undefined {
    return request.parleyUser ?? undefined;
  }

  /** 403 for `what` (or 404 without sign-in): one answer whether it is missing or not the user's. */
  function missing(request: FastifyRequest, what: string): RequestError {
    const signedIn = user(request);
    if (!signedIn) return notFound(`no ${what}`);
    return new RequestError(
      403,
      errorBody('forbidden', `${signedIn.name} cannot see ${what}: there is no such thing in a workspace ${signedIn.name} is a member of`),
    );
  }

  async function isMember(request: FastifyRequest, workspaceId: string): Promise<boolean> {
    const signedIn = user(request);
    return !signedIn || (await storage.memberWorkspaces(signedIn.id)).includes(workspaceId);
  }

  return {
    mode,
    user,
    missing,

    /** Signs the request's user in from its token, or refuses it with 401. */
    async signIn(request: FastifyRequest): Promise<void> {
      if (mode === 'none') return;
      const header = request.headers.authorization;
      if (header === undefined) {
        throw new RequestError(
          401,
          errorBody(
            'unauthorized',
            'sign in: send your token as the header "Authorization: Bearer parley_…" (an administrator makes one with `parley users add NAME`)',
          ),
        );
      }
      const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
      const signedIn = match ? await storage.getUserByToken(match[1]!) : undefined;
      if (!signedIn) {
        throw new RequestError(
          401,
          errorBody('unauthorized', 'the token is not valid (mistyped or replaced); ask an administrator for a new one: `parley users token NAME`'),
        );
      }
      request.parleyUser = signedIn;
    },

    /** Whose share of the bounded heavy work (`Slots`) a request takes: the signed-in user's, else the one local user's. */
    owner(request: FastifyRequest): string {
      return user(request)?.id ?? 'local';
    },

    /** Who saved: the signed-in user, else the name the request gives. */
    author(request: FastifyRequest, given: string | undefined): string {
      return user(request)?.name ?? given ?? 'anonymous';
    },

    /** The workspaces the caller may see. */
    async workspaces(request: FastifyRequest) {
      const all = await storage.listWorkspaces();
      const signedIn = user(request);
      if (!signedIn) return all;
      const mine = new Set(await storage.memberWorkspaces(signedIn.id));
      return all.filter((workspace) => mine.has(workspace.id));
    },

    /** The workspace id when the caller may use it; 403 otherwise (signed in). */
    async workspace(request: FastifyRequest, id: string): Promise<string> {
      if (!(await isMember(request, id))) throw missing(request, `workspace ${id}`);
      return id;
    },

    /** The scenario (a version of it) when the caller may see it; 404, or 403 signed in. */
    async scenario(request: FastifyRequest, id: string, version?: number): Promise<StoredScenario> {
      const stored = await storage.getScenario(id, version);
      if (!stored || !(await isMember(request, stored.workspaceId))) {
        throw missing(request, version === undefined ? `scenario ${id}` : `version ${version} of scenario ${id}`);
      }
      return stored;
    },

    /**
     * The scenario id when the caller may see it (signed in: checked, 403 otherwise; without
     * sign-in storage says whether it exists). `what` names the thing asked for in the refusal.
     */
    async scenarioId(request: FastifyRequest, id: string, what = `scenario ${id}`): Promise<string> {
      if (!user(request)) return id;
      const stored = await storage.getScenario(id);
      if (!stored || !(await isMember(request, stored.workspaceId))) throw missing(request, what);
      return id;
    },
  };
}

/**
 * Signs in every request whose matched route is not public — including requests that match
 * no route, so an unknown path says nothing before sign-in. Registered on the root instance
 * (not encapsulated), so its hook covers every route of every plugin.
 */
export const authPlugin: FastifyPluginAsync<{ access: Access }> = async (app, { access }) => {
  app.decorateRequest('parleyUser', null);
  app.addHook('onRequest', async (request) => {
    if (request.routeOptions.config?.public === true) return;
    await access.signIn(request);
  });
};
// Like fastify-plugin: the hook and the decoration belong to the instance that registers it.
(authPlugin as unknown as Record<symbol, boolean>)[Symbol.for('skip-override')] = true;

/**
 * Runs `register` in a scope whose routes are all public: what it registers (the web app's
 * static files) is served without sign-in. Marked as routes are added, so a plugin's own
 * routes are covered without knowing them.
 */
export async function publicScope(app: FastifyInstance, register: (scope: FastifyInstance) => Promise<void>): Promise<void> {
  await app.register(async (scope) => {
    scope.addHook('onRoute', (route: RouteOptions) => {
      route.config = { ...(route.config as object | undefined), public: true };
    });
    await register(scope);
  });
}
