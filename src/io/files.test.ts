import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileWhole } from './files.js';

describe('writeFileWhole', () => {
  it('writes text, bytes and chunks, leaving no temporary file behind', () => {
    const folder = mkdtempSync(join(tmpdir(), 'parley-files-'));
    writeFileWhole(join(folder, 'a.txt'), 'hello\n');
    writeFileWhole(join(folder, 'b.bin'), Uint8Array.of(1, 2, 3));
    writeFileWhole(join(folder, 'c.csv'), ['x,y\n', '1,2\n', '3,4\n']);
    expect(readFileSync(join(folder, 'a.txt'), 'utf8')).toBe('hello\n');
    expect([...readFileSync(join(folder, 'b.bin'))]).toEqual([1, 2, 3]);
    expect(readFileSync(join(folder, 'c.csv'), 'utf8')).toBe('x,y\n1,2\n3,4\n');
    expect(readdirSync(folder).sort()).toEqual(['a.txt', 'b.bin', 'c.csv']);
  });

  it('a failure part-way leaves the old file as it was and no temporary file', () => {
    const folder = mkdtempSync(join(tmpdir(), 'parley-files-'));
    const target = join(folder, 'rows.csv');
    writeFileSync(target, 'old\n');
    function* failing(): Generator<string> {
      yield 'new row\n';
      throw new Error('the producer failed');
    }
    expect(() => writeFileWhole(target, failing())).toThrow(/the producer failed/);
    expect(readFileSync(target, 'utf8')).toBe('old\n');
    expect(readdirSync(folder)).toEqual(['rows.csv']);
    expect(() => writeFileWhole(join(folder, 'missing', 'x.txt'), 'x')).toThrow();
    expect(existsSync(join(folder, 'missing'))).toBe(false);
  });
});
