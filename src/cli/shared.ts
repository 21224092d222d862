/**
 * What the commands share: the I/O they write to, exit codes, reading a scenario file into
 * a scenario or a listed set of problems, and flag parsing helpers.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { catalogue } from '../core/models/catalogue.js';
import { formatProblem, type Problem } from '../core/problems.js';
import type { Scenario } from '../core/scenario.js';
import { writeFileWhole } from '../io/files.js';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
}

/** Exit codes: 0 ok, 1 invalid input, 2 usage error (3, an internal error, is set in main.ts). */
export const EXIT = { ok: 0, invalid: 1, usage: 2 } as const;

/** Raised inside a command to end it with an exit code and a message on stderr. */
export class Exit extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/** The folder holding package.json, found from this file whether it runs from src/ or dist/. */
export function packageRoot(): string {
  let folder = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(folder, 'package.json'))) {
    const parent = dirname(folder);
    if (parent === folder) throw new Error('parley: cannot find its package folder');
    folder = parent;
  }
  return folder;
}

export function defaultScenarioPath(): string {
  return join(packageRoot(), 'scenarios', 'ukraine-2024-11.yaml');
}

/**
 * The scenario in `file` (relative to the command's folder), or an Exit listing every problem.
 * The YAML reader and the shape check load here, on the first scenario read, so commands that
 * read none (`--help`, `models`, `worker`) start without them; the `yaml` package and zod
 * load only for a file that is not valid and plain, to say where each problem is.
 */
export async function readScenario(io: CliIo, file: string): Promise<Scenario> {
  const path = resolve(io.cwd, file);
  const { loadValidPlainFile } = await import('../io/scenario-file-plain.js');
  const valid = loadValidPlainFile(path);
  if (valid !== undefined) return valid.scenario;
  const { loadScenarioFile } = await import('../io/scenario-file.js');
  const { scenario, problems } = loadScenarioFile(path, file);
  if (!scenario || problems.length > 0) {
    throw new Exit(EXIT.invalid, problemsText(file, problems));
  }
  return scenario;
}

export function problemsText(file: string, problems: Problem[]): string {
  const count = problems.length;
  return `${file}: ${count} problem${count === 1 ? '' : 's'}\n${problems.map((problem) => `  ${formatProblem(problem)}`).join('\n')}`;
}

/** `--flag a,b --flag c` → `['a', 'b', 'c']`. */
export function list(value: string, previous: string[] = []): string[] {
  return [
    ...previous,
    ...value
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== ''),
  ];
}

/** A repeatable flag's values in order. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/**
 * `--param model.Name=Value` or `--param Name=Value` (for every chosen model that has a
 * parameter of that name, as the models' catalogue lists them) into values per model id.
 */
export function parseParamFlags(flags: readonly string[], modelIds: readonly string[]): Record<string, Record<string, string>> {
  const byModel: Record<string, Record<string, string>> = {};
  for (const flag of flags) {
    const equals = flag.indexOf('=');
    if (equals <= 0) throw new Exit(EXIT.usage, `--param ${flag}: expected Name=Value or model.Name=Value`);
    const key = flag.slice(0, equals).trim();
    const value = flag.slice(equals + 1).trim();
    const dot = key.indexOf('.');
    if (dot > 0) {
      const modelId = key.slice(0, dot);
      if (!modelIds.includes(modelId)) throw new Exit(EXIT.usage, `--param ${flag}: model "${modelId}" is not among the models run (${modelIds.join(', ')})`);
      byModel[modelId] ??= {};
      byModel[modelId][key.slice(dot + 1)] = value;
      continue;
    }
    const owners = catalogue.filter((model) => modelIds.includes(model.id) && model.params.some((param) => param.name === key));
    if (owners.length === 0) throw new Exit(EXIT.usage, `--param ${flag}: none of the models run (${modelIds.join(', ')}) has a parameter "${key}"`);
    for (const owner of owners) {
      byModel[owner.id] ??= {};
      byModel[owner.id]![key] = value;
    }
  }
  return byModel;
}

export function parseScale(text: string): { min: number; max: number } {
  const [min, max, ...rest] = text.split(',').map(Number);
  if (rest.length > 0 || min === undefined || max === undefined || !Number.isFinite(min) || !Number.isFinite(max) || !(min < max)) {
    throw new Exit(EXIT.usage, `--scale ${text}: expected MIN,MAX with MIN below MAX, e.g. --scale 0,100`);
  }
  return { min, max };
}

/**
 * Writes `data` to `path` whole or not at all (`writeFileWhole`). A failure is an Exit (1)
 * naming the flag and the file.
 */
export function writeWhole(flag: string, path: string, data: string | Uint8Array | Iterable<string>): void {
  try {
    writeFileWhole(path, data);
  } catch (error) {
    throw new Exit(EXIT.invalid, `${flag} ${path}: cannot write it (${error instanceof Error ? error.message : String(error)})`);
  }
}
