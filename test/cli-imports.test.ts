/**
 * Every `parley` command pays for what `src/cli/main.ts` imports before it runs, so the
 * executable's static import graph must not reach a heavy package: those load with
 * `import()` in the command (or the feature) that uses them. This reads the graph from the
 * sources with the TypeScript parser; it times nothing.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * Packages that cost a start-up a measurable share of a bare `node -e 0` (CPU of importing
 * each alone, December 2026, this machine): the server (fastify, @fastify/static), the queue
 * (bullmq, ioredis), the databases (pg, better-sqlite3), the charts (vega, vega-lite, resvg),
 * and the scenario reader (yaml, zod: about 35 and 60 ms, a bare node being about 50 ms),
 * which a command loads when it reads its first scenario.
 */
const heavyPackages = ['fastify', '@fastify/static', 'bullmq', 'ioredis', 'pg', 'better-sqlite3', 'vega', 'vega-lite', '@resvg/resvg-js', 'yaml', 'zod'];

/** The module specifiers a file loads when it is imported: static value imports and re-exports, not types, not `import()`. */
function staticValueImports(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, false);
  const specifiers: string[] = [];
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      const clause = statement.importClause;
      // TypeScript elides an import that binds only types (no verbatimModuleSyntax here).
      const typesOnly =
        clause !== undefined &&
        (clause.isTypeOnly ||
          (clause.name === undefined &&
            clause.namedBindings !== undefined &&
            ts.isNamedImports(clause.namedBindings) &&
            clause.namedBindings.elements.length > 0 &&
            clause.namedBindings.elements.every((element) => element.isTypeOnly)));
      if (!typesOnly) specifiers.push(statement.moduleSpecifier.text);
    } else if (ts.isExportDeclaration(statement) && statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)) {
      const typesOnly =
        statement.isTypeOnly ||
        (statement.exportClause !== undefined &&
          ts.isNamedExports(statement.exportClause) &&
          statement.exportClause.elements.length > 0 &&
          statement.exportClause.elements.every((element) => element.isTypeOnly));
      if (!typesOnly) specifiers.push(statement.moduleSpecifier.text);
    }
  }
  return specifiers;
}

/** The package a bare specifier names (`@scope/name/sub` → `@scope/name`), or undefined for `node:` and relative ones. */
function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('node:')) return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** Every package reached from `entry` by static value imports, each with one chain of files that reaches it. */
function packagesReached(entry: string): Map<string, string[]> {
  const reached = new Map<string, string[]>();
  const seen = new Set<string>();
  const visit = (file: string, chain: string[]): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const here = [...chain, relative(root, file)];
    for (const specifier of staticValueImports(file)) {
      const name = packageOf(specifier);
      if (name !== undefined) {
        if (!reached.has(name)) reached.set(name, here);
        continue;
      }
      if (!specifier.startsWith('.')) continue;
      const target = resolve(dirname(file), specifier.replace(/\.js$/, '.ts'));
      if (!existsSync(target)) throw new Error(`${relative(root, file)} imports ${specifier}, which is not a source file`);
      visit(target, here);
    }
  };
  visit(entry, []);
  return reached;
}

/** Every source file reached from `entry` by static value imports (relative to the root). */
function filesReached(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    const name = relative(root, file);
    if (seen.has(name)) return;
    seen.add(name);
    for (const specifier of staticValueImports(file)) {
      if (specifier.startsWith('.')) visit(resolve(dirname(file), specifier.replace(/\.js$/, '.ts')));
    }
  };
  visit(entry);
  return seen;
}

/** The modules the models' catalogue loads with `import()`, one per model (src/core/models/…). */
function modelModules(): string[] {
  const catalogue = join(root, 'src/core/models/catalogue.ts');
  const specifiers = [...readFileSync(catalogue, 'utf8').matchAll(/import\('(\.[^']+)'\)/g)].map((match) => match[1]!);
  return specifiers.map((specifier) => relative(root, resolve(dirname(catalogue), specifier.replace(/\.js$/, '.ts'))));
}

describe('parley forecast --model X loads the code of model X only (issue 22 §1)', () => {
  const forecastFiles = filesReached(join(root, 'src/cli/commands/forecast.ts'));

  it("reads the graph: the catalogue names every model's module, and the registry imports each of them", () => {
    const registry = filesReached(join(root, 'src/core/models/index.ts'));
    expect(modelModules()).toHaveLength(8);
    for (const file of modelModules()) expect(registry.has(file), file).toBe(true);
    expect(forecastFiles.has('src/core/models/catalogue.ts')).toBe(true);
  });

  it.each(['src/core/models/index.ts', ...modelModules()])('src/cli/commands/forecast.ts does not statically import %s', (file) => {
    expect(forecastFiles.has(file), `${file} is reached by static imports from the forecast command; load models through the catalogue`).toBe(false);
  });

  it("nor decimal.js (the exchange model's decimal mode)", () => {
    expect(packagesReached(join(root, 'src/cli/commands/forecast.ts')).has('decimal.js')).toBe(false);
  });

  it("the bundle: main.js and the forecast command's chunk hold no model's code; the compromise model's chunk holds it", () => {
    const meta = JSON.parse(readFileSync(join(root, 'dist/cli/meta.json'), 'utf8')) as {
      outputs: Record<string, { imports: { path: string; kind: string; external?: boolean }[]; inputs: Record<string, unknown>; entryPoint?: string }>;
    };
    const staticClosure = (start: string): Set<string> => {
      const loaded = new Set<string>();
      const pending = [start];
      while (pending.length > 0) {
        const output = pending.pop()!;
        if (loaded.has(output)) continue;
        loaded.add(output);
        for (const entry of meta.outputs[output]?.imports ?? []) if (entry.kind === 'import-statement') pending.push(entry.path);
      }
      return loaded;
    };
    const chunkOf = (input: string) => Object.keys(meta.outputs).find((output) => meta.outputs[output]!.entryPoint === input)!;
    const forecastChunk = chunkOf('dist/src/cli/commands/forecast.js');
    expect(forecastChunk).toBeDefined();
    const loaded = new Set([...staticClosure('dist/cli/main.js'), ...staticClosure(forecastChunk)]);
    const inputs = new Set([...loaded].flatMap((output) => Object.keys(meta.outputs[output]?.inputs ?? {})));
    expect(inputs.has('dist/src/cli/commands/forecast.js')).toBe(true);
    const compiled = (file: string) => file.replace(/^src\//, 'dist/src/').replace(/\.ts$/, '.js');
    expect(['dist/src/core/models/index.js', ...modelModules().map(compiled)].filter((input) => inputs.has(input))).toEqual([]);
    expect(loaded.has('decimal.js')).toBe(false);
    const compromise = staticClosure(chunkOf('dist/src/core/models/compromise.js'));
    expect([...compromise].some((output) => 'dist/src/core/models/compromise.js' in (meta.outputs[output]?.inputs ?? {}))).toBe(true);
  });
});

describe('the executable loads heavy packages only where they are used', () => {
  const reached = packagesReached(join(root, 'src/cli/main.ts'));

  it('reads the graph: it finds commander, which every command needs', () => {
    expect(reached.has('commander')).toBe(true);
  });

  it('reads the graph: from the server it finds fastify, and from the queue bullmq', () => {
    expect(packagesReached(join(root, 'src/server/app.ts')).has('fastify')).toBe(true);
    expect(packagesReached(join(root, 'src/runtime/queue/index.ts')).has('bullmq')).toBe(true);
  });

  it.each(heavyPackages.filter((name) => name !== 'yaml' && name !== 'zod'))(
    'parley forecast (src/cli/commands/forecast.ts) does not statically import %s',
    (name) => {
      const chain = packagesReached(join(root, 'src/cli/commands/forecast.ts')).get(name);
      expect(chain, chain && `reached through ${chain.join(' → ')}; load it with import() where it is used`).toBeUndefined();
    },
  );

  it('the bundled executable (dist/cli/main.js, built by the global setup) statically loads no heavy package either', () => {
    const meta = JSON.parse(readFileSync(join(root, 'dist/cli/meta.json'), 'utf8')) as {
      outputs: Record<string, { imports: { path: string; kind: string; external?: boolean }[] }>;
    };
    const loaded = new Set<string>();
    const pending = ['dist/cli/main.js'];
    while (pending.length > 0) {
      const output = pending.pop()!;
      if (loaded.has(output)) continue;
      loaded.add(output);
      for (const entry of meta.outputs[output]?.imports ?? []) {
        if (entry.kind !== 'import-statement') continue;
        if (meta.outputs[entry.path] !== undefined) pending.push(entry.path);
        else loaded.add(entry.path);
      }
    }
    expect(loaded.has('commander')).toBe(true);
    expect(heavyPackages.filter((name) => [...loaded].some((path) => packageOf(path) === name))).toEqual([]);
  });

  it.each(['zod', 'yaml'])('reading a valid plain scenario file (src/io/scenario-file-plain.ts) does not statically import %s', (name) => {
    const chain = packagesReached(join(root, 'src/io/scenario-file-plain.ts')).get(name);
    expect(chain, chain && `reached through ${chain.join(' → ')}; a valid file is checked without it`).toBeUndefined();
  });

  it('reads the graph: the full scenario reader, which locates problems, reaches zod', () => {
    expect(packagesReached(join(root, 'src/io/scenario-file.ts')).has('zod')).toBe(true);
  });

  it.each(heavyPackages)('src/cli/main.ts does not statically import %s', (name) => {
    const chain = reached.get(name);
    expect(chain, chain && `reached through ${chain.join(' → ')}; load it with import() where it is used`).toBeUndefined();
  });
});
