/**
 * The Python example of docs/api.md, run as written (standard library only) against a real
 * `parley serve` on a throwaway SQLite file; skipped where no python3 is installed.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forecast } from '../src/core/forecast.js';
import type { Scenario } from '../src/core/scenario.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const python = spawnSync('python3', ['--version'], { encoding: 'utf8' });
const hasPython = python.status === 0;

/** The first ```python block of docs/api.md. */
function example(): string {
  const text = readFileSync(join(root, 'docs/api.md'), 'utf8');
  const block = /```python\n([\s\S]*?)```/.exec(text);
  if (!block) throw new Error('docs/api.md has no ```python block');
  return block[1]!;
}

describe.skipIf(!hasPython)('the Python example of docs/api.md', () => {
  const folder = mkdtempSync(join(tmpdir(), 'parley-api-python-'));
  let server: ChildProcess;
  let url = '';

  beforeAll(async () => {
    server = spawn(process.execPath, [join(root, 'dist/cli/main.js'), 'serve', '--port', '0', '--db', join(folder, 'parley.sqlite')], {
      cwd: folder,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    server.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    url = await new Promise<string>((resolve, reject) => {
      let stdout = '';
      server.stdout!.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const line = /^(http:\/\/\S+?)\/?\n/m.exec(stdout);
        if (line) resolve(line[1]!);
      });
      server.once('exit', (code) => reject(new Error(`parley serve exited with ${code}: ${stderr}`)));
    });
  }, 60_000);

  afterAll(async () => {
    if (server.exitCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    }
    rmSync(folder, { recursive: true, force: true });
  });

  it('creates a workspace and a scenario, runs a forecast and prints what the library forecasts', () => {
    const script = example();
    writeFileSync(join(folder, 'example.py'), script);
    const result = spawnSync('python3', ['example.py'], { cwd: folder, encoding: 'utf8', env: { ...process.env, PARLEY_URL: url, PARLEY_TOKEN: '' } });
    expect(result.status, result.stderr).toBe(0);

    // The scenario and models the example sends, forecast by the library directly.
    const scenario = JSON.parse(
      spawnSync('python3', ['-c', `${script.split('\nworkspace = ')[0]}\nprint(json.dumps(scenario))`], {
        cwd: folder,
        encoding: 'utf8',
        env: { ...process.env, PARLEY_URL: url },
      }).stdout,
    ) as Scenario;
    const models = JSON.parse(/"models": (\[[^\]]*\])/.exec(script)![1]!) as string[];
    const expected = forecast(scenario, { models }).results.map((row) => `${row.issue} ${row.model}: ${row.forecast.toFixed(2)}`);

    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^run \S+ of version 1, inputs sha256:[0-9a-f]{64}$/);
    expect(lines.slice(1)).toEqual(expected);
  });

  it('an API error ends the script with the message and each problem, not a traceback', () => {
    const broken = example().replace('"scale": {"min": 0, "max": 20}', '"scale": {"min": 20, "max": 0}');
    writeFileSync(join(folder, 'broken.py'), broken);
    const result = spawnSync('python3', ['broken.py'], { cwd: folder, encoding: 'utf8', env: { ...process.env, PARLEY_URL: url } });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^POST \/api\/workspaces\/\S+\/scenarios: 400 the scenario has \d+ problems?\n {2}issues\.0\.scale/);
    expect(result.stderr).not.toMatch(/Traceback/);
  });
});
