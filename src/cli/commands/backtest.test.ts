import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { models } from '../../core/models/index.js';
import { runCli } from '../program.js';

const deu3 = fileURLToPath(new URL('../../../reference/deu3/', import.meta.url));

async function cli(args: string[], cwd = process.cwd()) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), cwd });
  return { code, stdout, stderr };
}

function malformedDeuDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'parley-deu-'));
  writeFileSync(join(dir, 'issues.csv'), 'issue,proposal,rp,outcome\np1i1,p1,0,100\np1i2,p1,,50\n');
  writeFileSync(join(dir, 'positions.csv'), 'issue,actor,position,salience\np1i1,com,100,50\np1i1,de,-5,80\n');
  return dir;
}

describe('parley backtest deu: usage and invalid input', () => {
  it('malformed files exit 1 naming each file and line, and write no per-issue file', async () => {
    const dir = malformedDeuDir();
    const out = join(dir, 'per-issue.csv');
    const { code, stdout, stderr } = await cli(['backtest', 'deu', dir, '--per-issue', out]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain(`${join(dir, 'positions.csv')}:3 position: issue "p1i1", actor "de": position must lie between 0 and 100, got -5`);
    expect(stderr).toContain(`${join(dir, 'issues.csv')}:3 issue: issue "p1i2" has no actors`);
    expect(existsSync(out)).toBe(false);
  });

  it('a folder without the files exits 1', async () => {
    const { code, stderr } = await cli(['backtest', 'deu', '/nonexistent-deu-folder']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/issues\.csv: cannot read the file \(ENOENT\)/);
  });

  it('bad flags exit 2 and say what is expected', async () => {
    const dir = malformedDeuDir();
    const capability = await cli(['backtest', 'deu', dir, '--capability', 'gdp']);
    expect(capability.code).toBe(2);
    expect(capability.stderr).toMatch(/--capability gdp: expected equal or nice/);
    const model = await cli(['backtest', 'deu', dir, '--model', 'oracle']);
    expect(model.code).toBe(2);
    expect(model.stderr).toMatch(/unknown model "oracle"/);
    const compare = await cli(['backtest', 'deu', dir, '--compare', 'compromise']);
    expect(compare.code).toBe(2);
    expect(compare.stderr).toMatch(/--compare compromise: expected two different models/);
    const notRun = await cli(['backtest', 'deu', dir, '--model', 'compromise', '--compare', 'compromise,median']);
    expect(notRun.code).toBe(2);
    expect(notRun.stderr).toMatch(/"median" not among the models scored/);
    const seed = await cli(['backtest', 'deu', dir, '--seed', 'abc']);
    expect(seed.code).toBe(2);
    const noDir = await cli(['backtest', 'deu']);
    expect(noDir.code).toBe(2);
  });
});

describe('parley backtest deu on the DEU III development half (reference/deu3)', () => {
  it('--json scores every registered model; compromise 22.91 with equal capability (deu3/README.md)', async () => {
    const { code, stdout, stderr } = await cli(['backtest', 'deu', deu3, '--json']);
    expect(code).toBe(0);
    expect(stderr).toContain('note: 40 blank saliences read as 50\n');
    const result = JSON.parse(stdout);
    expect(result.dataset).toBe(deu3);
    expect(result.models.map((row: { model: string }) => row.model)).toEqual(models.map((model) => model.id));
    for (const row of result.models) {
      // Models that give intervals and P(no change) (the ensemble, issue #18) add their scores.
      const extra = row.model === 'ensemble' ? ['interval', 'intervals', 'noChange'] : [];
      expect(Object.keys(row)).toEqual(['model', 'n', 'mae', 'rmse', 'medae', 'maeLow', 'maeHigh', ...extra]);
      expect(row.maeLow).toBeLessThanOrEqual(row.mae);
      expect(row.maeHigh).toBeGreaterThanOrEqual(row.mae);
    }
    const compromise = result.models.find((row: { model: string }) => row.model === 'compromise');
    expect(compromise.n).toBe(188);
    expect(Math.round(compromise.mae * 100) / 100).toBe(22.91);
    const ensemble = result.models.find((row: { model: string }) => row.model === 'ensemble');
    expect(ensemble.interval.level).toBe(0.8);
    expect(result.noChange).toEqual(ensemble.noChange);
    expect(result.noChange.n).toBe(132);
  });

  it('--capability nice: compromise 22.77 (deu3/README.md)', async () => {
    const { code, stdout } = await cli(['backtest', 'deu', deu3, '--capability', 'nice', '--model', 'compromise', '--json']);
    expect(code).toBe(0);
    expect(Math.round(JSON.parse(stdout).models[0].mae * 100) / 100).toBe(22.77);
  });

  it('the same seed gives the same output; --seed changes the intervals only', async () => {
    const first = await cli(['backtest', 'deu', deu3, '--model', 'compromise', '--json']);
    const again = await cli(['backtest', 'deu', deu3, '--model', 'compromise', '--json']);
    const other = await cli(['backtest', 'deu', deu3, '--model', 'compromise', '--json', '--seed', '2']);
    expect(again.stdout).toBe(first.stdout);
    const [a, b] = [JSON.parse(first.stdout).models[0], JSON.parse(other.stdout).models[0]];
    expect(b.mae).toBe(a.mae);
    expect(b.maeLow).not.toBe(a.maeLow);
  });

  it('--per-issue writes issue,model,forecast,outcome,error; the error column averages to the MAE', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-backtest-'));
    const { code, stdout, stderr } = await cli(['backtest', 'deu', deu3, '--model', 'compromise,median', '--per-issue', 'per-issue.csv', '--json'], dir);
    expect(code).toBe(0);
    expect(stderr).toContain('wrote per-issue.csv (376 forecasts)');
    const lines = readFileSync(join(dir, 'per-issue.csv'), 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('issue,model,forecast,outcome,error');
    expect(lines).toHaveLength(1 + 2 * 188);
    const compromiseErrors = lines
      .slice(1)
      .map((line) => line.split(','))
      .filter((cells) => cells[1] === 'compromise')
      .map((cells) => Number(cells[4]));
    const mae = JSON.parse(stdout).models[0].mae;
    expect(compromiseErrors.reduce((sum, error) => sum + error, 0) / compromiseErrors.length).toBeCloseTo(mae, 12);
  });

  it('--compare prints the paired difference with its interval', async () => {
    const { code, stdout } = await cli(['backtest', 'deu', deu3, '--model', 'compromise,median', '--compare', 'compromise,median']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/compromise {2}188 {2}22\.91/);
    expect(stdout).toMatch(/compromise − median: mean difference of absolute errors -\d+\.\d\d \(95% interval -\d+\.\d\d to [-+]?\d+\.\d\d, 188 issues\)/);
  });

  it('a copy of the folder with a broken row is invalid input naming that row', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-deu3-'));
    copyFileSync(join(deu3, 'issues.csv'), join(dir, 'issues.csv'));
    const positions = readFileSync(join(deu3, 'positions.csv'), 'utf8').split('\r\n');
    positions[4] = positions[4]!.replace(/,[^,]*,([^,]*)$/, ',101,$1');
    writeFileSync(join(dir, 'positions.csv'), positions.join('\r\n'));
    const { code, stderr } = await cli(['backtest', 'deu', dir]);
    expect(code).toBe(1);
    expect(stderr).toContain(`${join(dir, 'positions.csv')}:5 position:`);
    expect(stderr).toContain('position must lie between 0 and 100, got 101');
  });
});

describe('parley backtest deu --candidates (reference/deu3)', () => {
  it('reports every calibration candidate cross-validated by proposal, and the nested estimate', async () => {
    const { code, stdout } = await cli(['backtest', 'deu', deu3, '--model', 'compromise', '--candidates', '--json']);
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.candidates.length).toBeGreaterThanOrEqual(10);
    const byId = new Map(result.candidates.map((row: { id: string; cvMae: number }) => [row.id, row]));
    const blend = byId.get('blend-mean') as { cvMae: number; cvRepeats: number[]; learned: { mean: number } };
    expect(Math.round(blend.cvMae * 100) / 100).toBe(22.71);
    expect(blend.cvRepeats).toHaveLength(5);
    expect(Math.round(blend.learned.mean * 1000) / 1000).toBe(0.695);
    expect(result.nested.chosen).toHaveLength(10);
    expect(Number.isFinite(result.nested.mae)).toBe(true);
  });
});

describe('parley backtest deu --param', () => {
  it('reaches the model: smp with UtilityCheck=Skip forecasts every issue, KTAB’s default fails on some', async () => {
    const strict = await cli(['backtest', 'deu', deu3, '--model', 'smp', '--json']);
    expect(strict.code).toBe(0);
    expect(JSON.parse(strict.stdout).models[0].n).toBeLessThan(188);
    expect(strict.stderr).toMatch(/utility values not in valid range/);
    const skipping = await cli(['backtest', 'deu', deu3, '--model', 'smp', '--param', 'UtilityCheck=Skip', '--json']);
    expect(skipping.code).toBe(0);
    expect(JSON.parse(skipping.stdout).models[0].n).toBe(188);
  });

  it('a bad parameter value is a usage error before any data is read', async () => {
    const { code, stderr } = await cli(['backtest', 'deu', '/nonexistent-deu-folder', '--model', 'smp', '--param', 'UtilityCheck=Maybe']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/UtilityCheck: expected one of Fail, Skip/);
  });
});

describe('parley backtest outcomes', () => {
  const cop21 = 'scenarios/cop21.yaml';
  const outcomes = 'scenarios/cop21.outcomes.csv';

  it('scores every model on CoP21 with the forecasts `parley forecast` gives, errors |forecast − outcome|', async () => {
    const scored = await cli(['backtest', 'outcomes', cop21, '--outcomes', outcomes, '--json']);
    expect(scored.stderr).toBe('');
    expect(scored.code).toBe(0);
    const result = JSON.parse(scored.stdout);
    expect(result.issues).toBe(13);
    expect(result.models.map((score: { model: string }) => score.model)).toEqual(models.map((model) => model.id));
    for (const score of result.models) expect(score.n).toBe(13);

    const forecast = JSON.parse((await cli(['forecast', cop21, '--json', '--seed', '1'])).stdout);
    const outcomeOf = new Map(result.outcomes.map((row: { issue: string; outcome: number }) => [row.issue, row.outcome]));
    for (const row of result.forecasts) {
      const same = forecast.results.find((other: { model: string; issue: string }) => other.model === row.model && other.issue === row.issue);
      expect(row.forecast, `${row.model} ${row.issue}`).toBe(same.forecast);
      expect(row.error).toBeCloseTo(Math.abs(row.forecast - (outcomeOf.get(row.issue) as number)), 9);
    }
    // The Paris Agreement, Art. 9.1–9.2: developed countries pay, others voluntarily (scale point 20).
    expect(result.outcomes.find((row: { issue: string }) => row.issue === 'financewho')).toMatchObject({
      outcome: 20,
      source: expect.stringContaining('Art. 9.2'),
    });
  });

  it('prints the score table and the per-issue table', async () => {
    const { code, stdout } = await cli(['backtest', 'outcomes', cop21, '--outcomes', outcomes, '--model', 'median,compromise']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Outcomes backtest of scenarios\/cop21\.yaml against scenarios\/cop21\.outcomes\.csv: 13 issues with an outcome, seed 1\n/);
    expect(stdout).toMatch(/\nmedian\s+13\s+\d+\.\d\d/);
    expect(stdout).toMatch(/\nfinancewho\s+20\s+[\d.]+\s+[\d.]+/);
  });

  it('an outcomes file naming an unknown issue exits 1 naming its line', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'parley-outcomes-'));
    writeFileSync(join(folder, 'bad.csv'), 'issue,outcome,source\nlegal,70,Art. 4.2\nlegall,30,x\n');
    copyFileSync(cop21, join(folder, 'cop21.yaml'));
    const { code, stdout, stderr } = await cli(['backtest', 'outcomes', 'cop21.yaml', '--outcomes', 'bad.csv'], folder);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain('bad.csv:3 issue: issue "legall" is not in the scenario (hint: did you mean "legal"?)');
    const missing = await cli(['backtest', 'outcomes', 'cop21.yaml', '--outcomes', 'none.csv'], folder);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/none\.csv: file not found/);
  });
});
