import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../../io/scenario-file.js';
import { runCli } from '../program.js';

async function cli(args: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), cwd });
  return { code, stdout, stderr };
}

const small = ['#O;Two actors', '#A;a;Actor A', '#A;b;Actor B', '#P;x;Issue X', '#M;x;0;none', '#M;x;10;all', '#D;a;x;0;0.5;2', '#D;b;x;10;1;1'].join('\n');

describe('parley import decide', () => {
  it('writes a scenario file that validates, with the notes as header comments', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'parley-decide-'));
    writeFileSync(join(folder, 'in.csv'), `${small}\n#/;caf\uFFFD`);
    const { code, stdout, stderr } = await cli(['import', 'decide', 'in.csv', '-o', 'out.yaml', '--id', 'two'], folder);
    expect(code, stderr).toBe(0);
    expect(stdout).toBe('');
    expect(stderr).toBe('wrote out.yaml (2 actors, 1 issue)\n');
    const yaml = readFileSync(join(folder, 'out.yaml'), 'utf8');
    expect(yaml.split('\n').slice(0, 2)).toEqual([
      '# Imported from in.csv by parley import decide',
      '# line 9: the text contains � (a character lost in an earlier encoding conversion); fix it by hand',
    ]);
    const { scenario, problems } = loadScenarioFile(join(folder, 'out.yaml'));
    expect(problems).toEqual([]);
    expect(scenario!.id).toBe('two');
    expect(scenario!.issues[0]!.anchors).toEqual({ 0: 'none', 10: 'all' });
  });

  it('prints the scenario without -o', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'parley-decide-'));
    writeFileSync(join(folder, 'in.csv'), small);
    const { code, stdout } = await cli(['import', 'decide', 'in.csv'], folder);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^# Imported from in\.csv by parley import decide\nparley: 1\n/);
  });

  it('a broken file: exit 1 and every problem with its line, nothing written', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'parley-decide-'));
    writeFileSync(join(folder, 'in.csv'), small.replace('#D;b;x;10;1;1', '#D;b;x;12;1;-1'));
    const { code, stderr } = await cli(['import', 'decide', 'in.csv', '-o', 'out.yaml'], folder);
    expect(code).toBe(1);
    expect(stderr).toBe(
      [
        'in.csv: 2 problems',
        '  in.csv:8 power: power must be between 0 and 1 (or 0 and 100), got -1',
        '  in.csv:8 position: position 12 lies outside the scale of issue "x", 0 to 10 (hint: correct the position, or add an #M point that covers it)',
        '',
      ].join('\n'),
    );
    expect(() => readFileSync(join(folder, 'out.yaml'))).toThrow();
  });

  it('a missing file: exit 1 naming it', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'parley-decide-'));
    const { code, stderr } = await cli(['import', 'decide', 'nope.csv'], folder);
    expect(code).toBe(1);
    expect(stderr).toBe('nope.csv: cannot read the file (ENOENT)\n');
  });
});
