/**
 * `parley sweep` as a user runs it: Ctrl-C stops the worker pool cleanly and prints the
 * draws that finished. Uses the executable built by test/global-setup.ts.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'dist/cli/main.js');

describe('parley sweep, interrupted', () => {
  it('Ctrl-C: exit 130, the finished draws summarised on stdout, how to repeat them on stderr', async () => {
    const child = spawn(process.execPath, [bin, 'sweep', '--draws', '10000000', '--model', 'compromise', '--workers', '2', '--json'], { cwd: root });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      // Interrupt once the first progress line shows draws finishing.
      if (/draws\/s/.test(stderr) && child.exitCode === null && !child.killed) child.kill('SIGINT');
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(130);
    const summary = JSON.parse(stdout);
    expect(summary.complete).toBe(false);
    expect(summary.draws.finished).toBeGreaterThan(0);
    expect(stderr).toMatch(new RegExp(`stopped after ${summary.draws.finished} of 10000000 draws.*--draws ${summary.draws.finished} --seed 1`));
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});
