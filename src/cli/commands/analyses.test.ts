/** `parley sweep`, `sensitivity` and `compare`, run in-process through `runCli`. */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { modelIds } from '../../core/models/index.js';
import { runCli } from '../program.js';

async function cli(args: string[], cwd = process.cwd()) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), cwd });
  return { code, stdout, stderr };
}

const issues = ['CONTROL', 'RECOGNITION', 'NATO', 'FORCES', 'BUFFER', 'STRIKES', 'KURSK', 'SANCTIONS-US', 'SANCTIONS-EU', 'TREATY', 'MILCAP', 'USAID'];
/** Ranged inputs of the default scenario's base: its active actors' ranged capabilities, positions and saliences. */
const rangedInputs = 88;

describe('parley sweep', () => {
  it('byte-identical JSON in-process, on 1 worker and on 2 (every model)', async () => {
    const args = ['sweep', '--draws', '30', '--seed', '77', '--json', '--quiet'];
    const inProcess = await cli([...args, '--workers', '0']);
    const one = await cli([...args, '--workers', '1']);
    const two = await cli([...args, '--workers', '2']);
    expect(inProcess.code).toBe(0);
    expect(one.stdout).toBe(inProcess.stdout);
    expect(two.stdout).toBe(inProcess.stdout);
    const summary = JSON.parse(two.stdout);
    expect(summary.draws).toEqual({ requested: 30, finished: 30 });
    expect(summary.results).toHaveLength(modelIds.length * issues.length);
    expect(summary.results[0]).toMatchObject({ model: modelIds[0], issue: 'CONTROL', draws: 30 });
    for (const key of ['mean', 'median', 'p5', 'p10', 'p90', 'p95', 'sd']) expect(typeof summary.results[0][key]).toBe('number');
  });

  it('a table with percentiles, a histogram and P(≥ anchor) per issue; progress and timing on stderr', async () => {
    const { code, stdout, stderr } = await cli(['sweep', '--draws', '40', '--model', 'compromise,median', '--workers', '0']);
    expect(code).toBe(0);
    for (const issue of issues) expect(stdout).toContain(`${issue} — `);
    expect(stdout).toMatch(/p5–p95.*P≥75/);
    expect(stdout).toMatch(new RegExp(`40 draws, seed 1; ${rangedInputs} ranged inputs`));
    expect(stderr).toMatch(/^sweep: 40 draws in .* draws\/s\); in-process\n$/);
  });

  it('--rows writes long-format CSV: draw, model, issue, forecast, then every drawn input', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'parley-rows-'));
    const { code, stderr } = await cli(['sweep', '--draws', '6', '--model', 'compromise,nash', '--rows', 'rows.csv', '--quiet', '--workers', '2'], folder);
    expect(code).toBe(0);
    expect(stderr).toBe(`wrote ${6 * 2 * issues.length} rows to rows.csv\n`);
    const lines = readFileSync(join(folder, 'rows.csv'), 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(1 + 6 * 2 * issues.length);
    const header = lines[0]!.split(',');
    expect(header.slice(0, 5)).toEqual(['draw', 'model', 'issue', 'forecast', 'russia.capability']);
    expect(header).toHaveLength(4 + rangedInputs);
    expect(lines[1]!.split(',').slice(0, 3)).toEqual(['0', 'compromise', 'CONTROL']);
    expect(lines.at(-1)!.split(',').slice(0, 3)).toEqual(['5', 'nash', 'USAID']);
    expect(readdirSync(folder)).toEqual(['rows.csv']);
  });

  it.each([
    [['--draws', '0'], /--draws 0: expected a whole number of at least 1/],
    [['--draws', '-4'], /--draws -4: expected a whole number of at least 1/],
    [['--draws', 'many'], /--draws many: expected a whole number/],
    [['--variant', 'nope'], /unknown variant "nope"; this scenario has: biden-administration, us-walks-away, putin-trump-channel/],
    [['--model', 'oracle'], /unknown model "oracle"; the models are: /],
    [['--workers', '-1'], /--workers -1: expected a whole number/],
    [['--param', 'compromise.speed=2'], /compromise has no parameter "speed"/],
    [['--rows', 'no/such/folder/rows.csv'], /--rows no\/such\/folder\/rows\.csv: the folder .* does not exist/],
  ])('bad request %j: exit 2 with the message', async (flags, message) => {
    const { code, stdout, stderr } = await cli(['sweep', '--draws', '5', '--quiet', ...flags]);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stdout).toBe('');
  });
});

describe('parley sensitivity', () => {
  it('--json: every model and issue with its ranked bars', async () => {
    const { code, stdout } = await cli(['sensitivity', '--json']);
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.inputs).toHaveLength(rangedInputs);
    expect(result.tornado).toHaveLength(modelIds.length * issues.length);
    for (const tornado of result.tornado) {
      const swings = tornado.bars.map((bar: { swing: number }) => bar.swing);
      expect(swings).toEqual([...swings].sort((a, b) => b - a));
    }
  });

  it('a table of the inputs that move each forecast most', async () => {
    const { code, stdout } = await cli(['sensitivity', '--model', 'compromise', '--top', '2']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/compromise: forecast [\d.]+ with every input at its mode/);
    expect(stdout).toMatch(/russia\.capability\s+0\.9–1\.1/);
    expect(stdout).toMatch(/more inputs? with a smaller swing/);
  });

  it('bad sweeps: exit 2 with the message', async () => {
    const malformed = await cli(['sensitivity', '--sweep', 'rounds']);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toMatch(/--sweep rounds: expected model\.Param=v1,v2/);
    const notRun = await cli(['sensitivity', '--model', 'compromise', '--sweep', 'median.x=1,2']);
    expect(notRun.code).toBe(2);
    expect(notRun.stderr).toMatch(/model "median" is not among the models run \(compromise\)/);
    const unknownVariant = await cli(['sensitivity', '--variant', 'nope']);
    expect(unknownVariant.code).toBe(2);
    expect(unknownVariant.stderr).toMatch(/unknown variant "nope"/);
  });
});

describe('parley compare', () => {
  it('the base and every variant side by side, with differences', async () => {
    const { code, stdout } = await cli(['compare', '--model', 'compromise,median']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/model\s+base\s+biden-administration\s+us-walks-away\s+putin-trump-channel/);
    expect(stdout).toMatch(/\((?:[+-][\d.]+|±0)\)/);
  });

  it('--variant picks variants; --json gives differences that add up', async () => {
    const { code, stdout } = await cli(['compare', '--variant', 'us-walks-away', '--json']);
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.variants).toEqual(['us-walks-away']);
    expect(result.results).toHaveLength(modelIds.length * issues.length);
    for (const row of result.results) expect(row.variants[0].difference).toBe(row.variants[0].forecast - row.base);
  });

  it('an unknown variant: exit 2 naming the variants there are', async () => {
    const { code, stderr } = await cli(['compare', '--variant', 'us-walks-away,nope']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/unknown variant "nope"; this scenario has: biden-administration, us-walks-away, putin-trump-channel/);
  });
});
