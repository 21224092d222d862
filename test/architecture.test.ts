/**
 * Dependencies point one way: core imports nothing from the layers above it and nothing
 * from Node, so it runs in a browser and a worker.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

function sourceFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map(
    (match) => (match[1] ?? match[2])!,
  );
}

describe('layering', () => {
  const coreFiles = sourceFiles(join(root, 'src/core'));

  it('finds the core files', () => {
    expect(coreFiles.length).toBeGreaterThan(5);
  });

  it.each(coreFiles.map((file) => relative(root, file)))('%s imports no node:* module and nothing outside core', (file) => {
    for (const specifier of importsOf(join(root, file))) {
      expect(specifier, `${file} imports ${specifier}`).not.toMatch(/^node:|^(fs|path|os|url|child_process|worker_threads)$/);
      if (specifier.startsWith('.')) {
        const target = relative(join(root, 'src/core'), join(join(root, file), '..', specifier));
        expect(target.startsWith('..'), `${file} imports ${specifier}`).toBe(false);
      }
    }
  });

  it('io does not import the cli', () => {
    for (const file of sourceFiles(join(root, 'src/io'))) {
      for (const specifier of importsOf(file)) expect(specifier, relative(root, file)).not.toMatch(/\/cli\//);
    }
  });
});
