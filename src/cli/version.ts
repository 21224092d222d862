/** The version `parley --version` prints: package.json's, read from the installed package so it cannot drift. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from './shared.js';

export function packageVersion(): string {
  const manifest: unknown = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8'));
  const version = typeof manifest === 'object' && manifest !== null ? (manifest as { version?: unknown }).version : undefined;
  if (typeof version !== 'string') throw new Error(`parley: ${join(packageRoot(), 'package.json')} has no version`);
  return version;
}
