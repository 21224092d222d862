/**
 * The version of the installed Parley package, from its package.json (found by walking up
 * from this file, whether it runs from src/ or dist/), so `parley --version` and the API's
 * OpenAPI document cannot drift from what was installed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function packageVersion(): string {
  let folder = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(folder, 'package.json'))) {
    const parent = dirname(folder);
    if (parent === folder) throw new Error('parley: cannot find its package.json');
    folder = parent;
  }
  const file = join(folder, 'package.json');
  const manifest: unknown = JSON.parse(readFileSync(file, 'utf8'));
  const version = typeof manifest === 'object' && manifest !== null ? (manifest as { version?: unknown }).version : undefined;
  if (typeof version !== 'string') throw new Error(`parley: ${file} has no version`);
  return version;
}
