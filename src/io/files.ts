/**
 * Files written whole or not at all: the data goes to a temporary file beside the target,
 * which is renamed into place only once everything is written. A reader never sees half a
 * file, and a failed write leaves the target as it was.
 */
import { closeSync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Writes `data` (text, bytes, or text in chunks, e.g. from a generator) to `path` whole.
 * Throws Node's error when it cannot; the target is then untouched.
 */
export function writeFileWhole(path: string, data: string | Uint8Array | Iterable<string>): void {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.partial`);
  let descriptor: number | undefined;
  try {
    descriptor = openSync(temporary, 'w');
    // With a descriptor, each writeFileSync writes all of its data at the current offset.
    if (typeof data === 'string' || data instanceof Uint8Array) writeFileSync(descriptor, data);
    else for (const chunk of data) writeFileSync(descriptor, chunk);
    closeSync(descriptor);
    descriptor = undefined;
    renameSync(temporary, path);
  } catch (error) {
    if (descriptor !== undefined) closeSync(descriptor);
    rmSync(temporary, { force: true });
    throw error;
  }
}
