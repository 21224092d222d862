/**
 * The real executable, as a user runs it after `npm ci`: built with tsc (once, by
 * test/global-setup.ts), started with node.
 * Checks exit codes and that bad input never shows a stack trace.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'dist/cli/main.js');

function parley(args: string[], cwd = root) {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the parley executable', () => {
  it('forecasts the default scenario (what npm start runs)', () => {
    const { code, stdout } = parley(['forecast']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/FORCES/);
  });

  it('bad input: exit 1, the problems, no stack trace', () => {
    const folder = mkdtempSync(join(tmpdir(), 'parley-'));
    writeFileSync(join(folder, 'broken.yaml'), 'parley: 1\nid: x\ntitle: [unclosed\n');
    const { code, stderr } = parley(['validate', 'broken.yaml'], folder);
    expect(code).toBe(1);
    expect(stderr).toMatch(/broken\.yaml:\d+:\d+/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('usage error: exit 2', () => {
    const { code, stderr } = parley(['forecast', '--model']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/--model/);
  });

  it('--version prints the version of package.json and exits 0', () => {
    const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-V']) {
      const { code, stdout } = parley([flag]);
      expect(code).toBe(0);
      expect(stdout).toBe(`${version}\n`);
    }
  });

  it('--help exits 0', () => {
    const { code, stdout } = parley(['--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/forecast/);
  });
});
