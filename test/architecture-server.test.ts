/**
 * The layers of the workspace point one way: storage builds on core only; the server on
 * core, io and storage, never the CLI; the web app reaches the server only through the
 * shapes in `src/server/protocol.ts`, and otherwise uses only what runs in a browser (core
 * and the report's chart specs).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

function sourceFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) && !name.endsWith('.test.ts') ? [path] : [];
  });
}

/** The repository folders (`src/core`, `web`, …) a file's relative imports reach. */
function importedFolders(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((match) => (match[1] ?? match[2])!);
  return specifiers
    .filter((specifier) => specifier.startsWith('.'))
    .map((specifier) => relative(root, resolve(file, '..', specifier)))
    .map((target) => (target.startsWith('src/') ? target.split('/').slice(0, 2).join('/') : target.split('/')[0]!));
}

function importsOf(folder: string): { file: string; target: string }[] {
  return sourceFiles(join(root, folder)).flatMap((file) => importedFolders(file).map((target) => ({ file: relative(root, file), target })));
}

describe('layering of storage, server and web', () => {
  it('storage builds on core only', () => {
    for (const { file, target } of importsOf('src/storage')) expect(['src/core', 'src/storage'], `${file} imports ${target}`).toContain(target);
  });

  it('the server builds on core, io and storage, never the CLI', () => {
    for (const { file, target } of importsOf('src/server')) expect(['src/core', 'src/io', 'src/storage', 'src/server'], `${file} imports ${target}`).toContain(target);
  });

  it('the web app uses core, the chart specs and the server’s shapes, nothing else of the repository', () => {
    const imports = importsOf('web/src');
    expect(imports.length).toBeGreaterThan(10);
    for (const { file, target } of imports) expect(['web', 'src/core', 'src/report', 'src/server'], `${file} imports ${target}`).toContain(target);
    for (const file of sourceFiles(join(root, 'web/src'))) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/from\s+['"](\.\.\/[^'"]*src\/(server|report)\/[^'"]+)['"]/g)) {
        // Of the report, only what runs in a browser: the chart specs and the headline's words (text only).
        expect(match[1], relative(root, file)).toMatch(/src\/server\/protocol\.js$|src\/report\/charts\.js$|src\/report\/headline-words\.js$/);
      }
    }
    const words = readFileSync(join(root, 'src/report/headline-words.ts'), 'utf8');
    for (const match of words.matchAll(/from\s+['"]([^'"]+)['"]/g)) expect(match[1], 'src/report/headline-words.ts').toMatch(/^\.\.\/core\/|^\.\/charts\.js$/);
  });
});
