/**
 * What a request can get wrong, as API errors: `{ error, message, problems? }` with a 4xx
 * status. Only a bug in Parley is a 500. The text of every refusal is made here or by the
 * code that throws a `RequestError`, so a refusal never carries more than it says.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Problem } from '../core/problems.js';
import { ParleyError } from '../core/errors.js';
import { StorageError } from '../storage/storage.js';
import type { ApiError, ApiErrorCode } from './protocol.js';
import { tooLargeMessage } from './body-limits.js';

/** A request the API refuses, with its status and body. */
export class RequestError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiError,
    /** Headers the answer carries besides the usual ones (Retry-After with a 429). */
    readonly headers: Record<string, string> = {},
  ) {
    super(body.message);
  }
}

export function errorBody(error: ApiErrorCode, message: string, problems?: Problem[]): ApiError {
  return problems === undefined ? { error, message } : { error, message, problems };
}

export function notFound(message: string): RequestError {
  return new RequestError(404, errorBody('not-found', message));
}

/** Every error as an API error: what a request can cause is 4xx with the problems; only a bug is 500. */
export function sendError(app: FastifyInstance, error: unknown, request: FastifyRequest, reply: FastifyReply): void {
  if (error instanceof RequestError) {
    reply.code(error.status).headers(error.headers).send(error.body);
    return;
  }
  if (error instanceof StorageError) {
    const status = error.code === 'not-found' ? 404 : error.code === 'conflict' ? 409 : 500;
    reply.code(status).send(errorBody(error.code === 'not-found' || error.code === 'conflict' ? error.code : 'internal', error.message));
    return;
  }
  if (error instanceof ParleyError) {
    reply.code(400).send(errorBody('invalid-request', error.message, [{ code: error.code, path: [], message: error.message }]));
    return;
  }
  const code = (error as { code?: unknown }).code;
  const statusCode = (error as { statusCode?: unknown }).statusCode;
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    const kind = request.routeOptions.config?.bodyKind ?? 'other';
    reply.code(413).send(errorBody('too-large', tooLargeMessage(kind, request.routeOptions.bodyLimit ?? app.initialConfig.bodyLimit)));
    return;
  }
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    reply.code(415).send(errorBody('unsupported-media-type', 'send the request body as JSON (content-type: application/json)'));
    return;
  }
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    // Fastify's own refusals of a malformed request: bad JSON, an empty JSON body, ...
    const message = error instanceof Error ? error.message : String(error);
    reply.code(400).send(errorBody('invalid-request', `invalid request: ${message}`, [{ code: 'request', path: [], message }]));
    return;
  }
  request.log.error(error);
  reply.code(500).send(errorBody('internal', 'internal error (a bug in Parley; please report it)'));
}
