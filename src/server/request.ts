/**
 * Reading a request: its body checked against the protocol's schema, a scenario checked as
 * a scenario file is, path parameters and the `version` query. Each refusal is a 400 that
 * lists every problem with its path.
 */
import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Problem } from '../core/problems.js';
import type { Scenario } from '../core/scenario.js';
import { validateScenario } from '../core/validate.js';
import { errorBody, notFound, RequestError } from './errors.js';

export function countProblems(problems: readonly Problem[]): string {
  return `${problems.length} problem${problems.length === 1 ? '' : 's'}`;
}

/** The body checked against its schema, or a 400 listing every problem with its path in the body. */
export function parse<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const problems: Problem[] = parsed.error.issues.map((issue) => ({
    code: 'request',
    path: issue.path.map((segment) => (typeof segment === 'number' ? segment : String(segment))),
    message: issue.message,
  }));
  const first = problems[0]!;
  throw new RequestError(
    400,
    errorBody('invalid-request', `invalid request: ${first.path.length ? `${first.path.join('.')}: ` : ''}${first.message}`, problems),
  );
}

/** The scenario checked as a scenario file is, or a 400 with every problem (paths into the scenario). */
export function checkScenario(data: unknown): Scenario {
  const { scenario, problems } = validateScenario(data);
  if (!scenario) throw new RequestError(400, errorBody('invalid-scenario', `the scenario has ${countProblems(problems)}`, problems));
  return scenario;
}

/**
 * A path parameter as the router decoded it. An id never holds a control character, and
 * PostgreSQL cannot even look one up (a NUL is not valid text there), so such an id is
 * answered as missing here, the same on every database.
 */
export function pathParam(request: FastifyRequest, name: string): string {
  const value = (request.params as Record<string, string>)[name] ?? '';
  if (/[\u0000-\u001f\u007f]/.test(value)) throw notFound(`no ${name} ${JSON.stringify(value)}`);
  return value;
}

export function versionQuery(request: FastifyRequest, name = 'version'): number | undefined {
  const raw = (request.query as Record<string, unknown>)[name];
  if (raw === undefined) return undefined;
  const version = Number(raw);
  if (typeof raw !== 'string' || !Number.isInteger(version) || version < 1) {
    throw new RequestError(
      400,
      errorBody('invalid-request', `${name} must be a whole number from 1, got ${JSON.stringify(raw)}`, [
        { code: 'request', path: [name], message: 'expected a whole number from 1' },
      ]),
    );
  }
  return version;
}
