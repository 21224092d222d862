import { mkdtempSync, readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { models } from '../core/models/index.js';
import { loadScenarioFile } from '../io/scenario-file.js';
import { runCli } from './program.js';

async function cli(args: string[], cwd = process.cwd()) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), cwd });
  return { code, stdout, stderr };
}

const bdmData = fileURLToPath(new URL('../../reference/bdm/data/', import.meta.url));

describe('parley forecast', () => {
  it('forecasts the default scenario with every model as a table', async () => {
    const { code, stdout, stderr } = await cli(['forecast']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    for (const issue of ['CONTROL', 'RECOGNITION', 'NATO', 'FORCES', 'BUFFER', 'STRIKES', 'KURSK', 'SANCTIONS-US', 'SANCTIONS-EU', 'TREATY', 'MILCAP', 'USAID'])
      expect(stdout).toContain(issue);
    for (const model of models) expect(stdout).toContain(model.id);
    expect(stdout).toMatch(/status quo 50/);
    expect(stdout).toMatch(/nearest anchor/);
  });

  it('--json prints one object with model, issue and forecast for every model × issue', async () => {
    const { code, stdout } = await cli(['forecast', '--json']);
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.scenario).toEqual({ id: 'ukraine-settlement-2024-11', title: expect.any(String), variant: null });
    expect(result.results).toHaveLength(models.length * 12);
    for (const row of result.results) {
      expect(typeof row.model).toBe('string');
      expect(typeof row.issue).toBe('string');
      expect(Number.isFinite(row.forecast)).toBe(true);
    }
  });

  it('--model and --variant choose what runs', async () => {
    const { code, stdout } = await cli(['forecast', '--model', 'median,compromise', '--variant', 'biden-administration', '--json']);
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.scenario.variant).toBe('biden-administration');
    expect(new Set(result.results.map((row: { model: string }) => row.model))).toEqual(new Set(['median', 'compromise']));
  });

  it('an unknown model, variant or option is a usage error (exit 2) that names the choices', async () => {
    const model = await cli(['forecast', '--model', 'oracle']);
    expect(model.code).toBe(2);
    expect(model.stderr).toMatch(/unknown model "oracle".*compromise/);
    const variant = await cli(['forecast', '--variant', 'nope']);
    expect(variant.code).toBe(2);
    expect(variant.stderr).toMatch(/unknown variant "nope".*us-walks-away/);
    const option = await cli(['forecast', '--colour']);
    expect(option.code).toBe(2);
    const command = await cli(['predict']);
    expect(command.code).toBe(2);
    const param = await cli(['forecast', '--param', 'rounds']);
    expect(param.code).toBe(2);
    expect(param.stderr).toMatch(/Name=Value/);
  });

  it('an invalid scenario file exits 1 with every problem, file:line:column, and no stack trace', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'parley-'));
    writeFileSync(
      join(folder, 'bad.yaml'),
      [
        'parley: 1',
        'id: bad',
        'title: Bad',
        'issues:',
        '  - { id: X, name: X, scale: { min: 0, max: 10 } }',
        'actors:',
        '  - id: a',
        '    name: A',
        '    capability: 1',
        '    stances:',
        '      X: { position: 12, salience: 0.5 }',
        '  - id: b',
        '    name: B',
        '    capability: 1',
        '    stances:',
        '      X: { position: 3, salience: 1.5 }',
        '',
      ].join('\n'),
    );
    const { code, stderr } = await cli(['forecast', 'bad.yaml'], folder);
    expect(code).toBe(1);
    expect(stderr).toMatch(/bad\.yaml:11:\d+ actors\[0\]\.stances\.X\.position/);
    expect(stderr).toMatch(/bad\.yaml:16:\d+ actors\[1\]\.stances\.X\.salience/);
    expect(stderr).not.toMatch(/\n\s+at /);
    const validate = await cli(['validate', 'bad.yaml'], folder);
    expect(validate.code).toBe(1);
    expect(validate.stderr).toBe(stderr);
  });

  it('a missing file exits 1 naming the file', async () => {
    const { code, stderr } = await cli(['forecast', 'no-such-file.yaml']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/no-such-file\.yaml/);
  });
});

describe('parley validate, schema, models', () => {
  it('validate --strict accepts the shipped scenarios: no source dated after asOf, none undated', async () => {
    for (const file of ['scenarios/ukraine-2024-11.yaml', 'scenarios/cop21.yaml', 'scenarios/eu-emissions-1994.yaml']) {
      const { code, stdout, stderr } = await cli(['validate', '--strict', file]);
      expect(stderr, file).toBe('');
      expect(code, file).toBe(0);
      expect(stdout).toMatch(/valid/);
    }
  });

  it('validate warns on a source dated after asOf, naming the line; --strict makes it an error', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'parley-asof-'));
    writeFileSync(
      join(folder, 'late.yaml'),
      [
        'parley: 1',
        'id: late',
        'title: Late source',
        'asOf: 2024-11-21',
        'sources:',
        '  - { id: nbc, date: 2024-12-08 }',
        'issues:',
        '  - { id: X, name: X, scale: { min: 0, max: 10 } }',
        'actors:',
        '  - id: a',
        '    name: A',
        '    capability: 1',
        '    stances:',
        '      X: { position: 3, salience: 1, evidence: [{ source: nbc }] }',
        '  - { id: b, name: B, capability: 1, stances: { X: { position: 7, salience: 1 } } }',
        '',
      ].join('\n'),
    );
    const lenient = await cli(['validate', 'late.yaml'], folder);
    expect(lenient.code).toBe(0);
    expect(lenient.stdout).toMatch(/valid/);
    expect(lenient.stderr).toBe(
      'warning: late.yaml:14:59 actors[0].stances.X.evidence[0].source: cites source "nbc" dated 2024-12-08, after the scenario\'s asOf 2024-11-21 (hint: cite what was public by 2024-11-21, or move asOf to 2024-12-08 or later)\n',
    );
    const strict = await cli(['validate', '--strict', 'late.yaml'], folder);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toBe('');
    expect(strict.stderr).toMatch(/^late\.yaml: 1 problem\n {2}late\.yaml:14:59 actors\[0\]\.stances\.X\.evidence\[0\]\.source: cites source "nbc"/);
  });

  it('schema prints a JSON Schema', async () => {
    const { code, stdout } = await cli(['schema']);
    expect(code).toBe(0);
    const schema = JSON.parse(stdout);
    expect(schema.properties.actors).toBeDefined();
    expect(schema.properties.issues).toBeDefined();
  });

  it('models lists every registered model with its references', async () => {
    const { code, stdout } = await cli(['models']);
    expect(code).toBe(0);
    for (const model of models) {
      expect(stdout).toContain(model.id);
      expect(stdout).toContain(model.references[0]!.slice(0, 20));
    }
  });
});

describe('parley import bdm', () => {
  it('imports EU emissions; the scenario forecasts the published weighted mean', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'parley-'));
    const { code, stderr } = await cli(['import', 'bdm', join(bdmData, 'eu_emissions.csv'), '-o', 'eu.yaml', '--scale', '0,10'], folder);
    expect(code).toBe(0);
    expect(stderr).toMatch(/wrote eu\.yaml \(10 actors, 1 issue\)/);
    const forecast = await cli(['forecast', 'eu.yaml', '--json', '--model', 'compromise,median'], folder);
    expect(forecast.code).toBe(0);
    const rows = JSON.parse(forecast.stdout).results;
    // reference/bdm/trajectories/eu_emissions.json, round 0
    expect(rows.find((row: { model: string }) => row.model === 'compromise').forecast).toBeCloseTo(7.389955686853767, 12);
    expect(rows.find((row: { model: string }) => row.model === 'median').forecast).toBe(7);
  });

  it('every classic data set imports, validates and forecasts without error', async () => {
    const files = readdirSync(bdmData).filter((name) => name.endsWith('.csv'));
    expect(files.length).toBeGreaterThanOrEqual(15);
    const folder = mkdtempSync(join(tmpdir(), 'parley-'));
    for (const file of files) {
      const out = join(folder, file.replace(/\.csv$/, '.yaml'));
      const imported = await cli(['import', 'bdm', join(bdmData, file), '-o', out]);
      expect(imported.code, `${file}: ${imported.stderr}`).toBe(0);
      const { scenario, problems } = loadScenarioFile(out);
      expect(problems, file).toEqual([]);
      const forecast = await cli(['forecast', out, '--json']);
      expect(forecast.code, file).toBe(0);
      for (const row of JSON.parse(forecast.stdout).results) expect(Number.isFinite(row.forecast), `${file} ${row.model}`).toBe(true);
      expect(scenario!.actors.length).toBeGreaterThanOrEqual(2);
    }
  });

  it('salience on 0–100 is divided by 100 and said so', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'parley-'));
    writeFileSync(join(folder, 'in.csv'), 'Actor,Capability,Position,Salience\nA,10,0,80\n"B, the second",30,100,50\n');
    const { code, stdout } = await cli(['import', 'bdm', 'in.csv'], folder);
    expect(code).toBe(0);
    expect(stdout).toMatch(/divided by 100/);
    writeFileSync(join(folder, 'out.yaml'), stdout);
    const { scenario } = loadScenarioFile(join(folder, 'out.yaml'));
    expect(scenario!.actors.map((actor) => actor.stances.ISSUE!.salience)).toEqual([0.8, 0.5]);
    expect(scenario!.actors.map((actor) => actor.name)).toEqual(['A', 'B, the second']);
  });

  it('bad rows are reported with their line numbers, all at once, and nothing is written', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'parley-'));
    writeFileSync(join(folder, 'bad.csv'), 'actor,capability,position,salience\nA,ten,0,0.5\nB,0,100,0.5\nC,1,50\nD,1,20,150\n');
    const { code, stderr } = await cli(['import', 'bdm', 'bad.csv', '-o', 'out.yaml'], folder);
    expect(code).toBe(1);
    expect(stderr).toMatch(/bad\.csv:2 capability: capability must be a number, got "ten"/);
    expect(stderr).toMatch(/bad\.csv:3 capability: capability must be greater than 0/);
    expect(stderr).toMatch(/bad\.csv:4: expected 4 values, found 3/);
    expect(stderr).toMatch(/bad\.csv:5 salience: salience must be between 0 and 1/);
    expect(existsSync(join(folder, 'out.yaml'))).toBe(false);
  });

  it('an output file that cannot be written is an input error naming it, not a crash', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'parley-'));
    writeFileSync(join(folder, 'in.csv'), 'actor,capability,position,salience\nA,1,0,0.5\nB,1,100,0.5\n');
    const { code, stderr } = await cli(['import', 'bdm', 'in.csv', '-o', join('no-such-folder', 'out.yaml')], folder);
    expect(code).toBe(1);
    expect(stderr).toMatch(/--output .*no-such-folder.*out\.yaml: cannot write it/);
    expect(existsSync(join(folder, 'no-such-folder'))).toBe(false);
  });

  it('a table without the needed columns is refused with the header line', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'parley-'));
    writeFileSync(join(folder, 'bad.csv'), 'who,power,where\nA,1,2\nB,1,3\n');
    const { code, stderr } = await cli(['import', 'bdm', 'bad.csv'], folder);
    expect(code).toBe(1);
    expect(stderr).toMatch(/bad\.csv:1 position: no "position" column/);
    expect(readFileSync(join(folder, 'bad.csv'), 'utf8')).toContain('who');
  });
});

describe('parley forecast --model eum', () => {
  it('carries rounds, stop, trajectory and finalPositions; --eum-variant and --rounds reach the model', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'parley-'));
    await cli(['import', 'bdm', join(bdmData, 'eu_emissions.csv'), '-o', 'eu.yaml'], folder);
    const { code, stdout, stderr } = await cli(['forecast', 'eu.yaml', '--model', 'eum', '--eum-variant', 'net-votes', '--rounds', '3', '--json'], folder);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.params.eum).toMatchObject({ variant: 'net-votes', rounds: 3 });
    const [row] = result.results;
    expect(row.details.rounds).toBeLessThanOrEqual(3);
    expect(['stable', 'cycle', 'max-rounds']).toContain(row.details.stop);
    expect(row.details.trajectory[0]).toMatchObject({ round: 0, median: 7, positions: { netherlands: 4, uk: 10 } });
    // reference/bdm/trajectories/eu_emissions.json, net-votes round 1: the median jumps to 10
    expect(row.details.trajectory[1].median).toBe(10);
    expect(Object.keys(row.details.finalPositions)).toHaveLength(10);
  });

  it('--eum-variant without eum among the models is a usage error', async () => {
    const { code, stderr } = await cli(['forecast', '--model', 'median', '--eum-variant', 'net-votes']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/--eum-variant/);
  });

  it('a bad eum variant is a usage error listing the variants', async () => {
    const { code, stderr } = await cli(['forecast', '--model', 'eum', '--eum-variant', 'classic']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/parley, net-votes, scholz-code/);
  });
});

describe('parley explain', () => {
  it('explains who presses whom in the expected utility model, in words', async () => {
    const { code, stdout, stderr } = await cli(['explain', '--model', 'eum', '--issue', 'FORCES']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/expects to (prevail over|compromise with|give way to)/);
    expect(stdout).toMatch(/Security guarantees and foreign forces/);
  });

  it('a model that does not explain its run is a usage error that names the models that do', async () => {
    const { code, stderr } = await cli(['explain', '--model', 'compromise']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/compromise does not explain its run in words; models that do: eum, smp, exchange/);
  });

  it('an unknown issue is a usage error', async () => {
    const explaining = models.find((model) => model.explain);
    if (!explaining) return;
    const { code, stderr } = await cli(['explain', '--model', explaining.id, '--issue', 'NOPE']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/unknown issue "NOPE"/);
  });
});

const ktabData = fileURLToPath(new URL('../../reference/ktab/', import.meta.url));

describe('parley import ktab and export ktab', () => {
  it('a KTAB file imports, forecasts with smp as KTAB ran it, and exports back to the same numbers', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'parley-'));
    const imported = await cli(['import', 'ktab', join(ktabData, 'dummyData_3Dim.csv'), '-o', 'dd.yaml'], folder);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stderr).toMatch(/7 actors, 3 issues/);

    const forecast = await cli(['forecast', 'dd.yaml', '--model', 'smp', '--json'], folder);
    expect(forecast.code, forecast.stderr).toBe(0);
    const rows = JSON.parse(forecast.stdout).results;
    expect(rows).toHaveLength(3);
    // reference/ktab/dummyData_3Dim.ref-positions.csv: KTAB ran 11 states (10 turns)
    const reference = readFileSync(join(ktabData, 'dummyData_3Dim.ref-positions.csv'), 'utf8').trim().split('\n').slice(1);
    const lastTurn = Math.max(...reference.map((line) => Number(line.split(',')[0])));
    for (const [dimension, row] of rows.entries()) {
      const finalPositions = Object.values(row.details.finalPositions as Record<string, number>);
      const expected = reference
        .map((line) => line.split(','))
        .filter((cells) => Number(cells[0]) === lastTurn && Number(cells[2]) === dimension)
        .map((cells) => Number(cells[3]));
      expect(finalPositions).toHaveLength(expected.length);
      finalPositions.forEach((position, actor) => expect(Math.abs(position - expected[actor]!)).toBeLessThan(0.01));
    }

    const exported = await cli(['export', 'ktab', 'dd.yaml'], folder);
    expect(exported.code, exported.stderr).toBe(0);
    const numbers = (text: string) =>
      text
        .trim()
        .split('\n')
        .slice(2)
        .map((line) =>
          line
            .split(',')
            .slice(2)
            .filter((cell) => cell.trim() !== '')
            .map(Number),
        );
    const original = numbers(readFileSync(join(ktabData, 'dummyData_3Dim.csv'), 'utf8'));
    const roundTrip = numbers(exported.stdout);
    expect(roundTrip).toHaveLength(original.length);
    roundTrip.forEach((row, index) => row.forEach((value, column) => expect(value).toBeCloseTo(original[index]![column]!, 6)));
  });

  it('a broken KTAB file exits 1 naming the line', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'parley-'));
    writeFileSync(join(folder, 'bad.csv'), 'Bad,"desc",3,1,\nActor,Description,Power,Pstn1,Sal1,\nA,a,10,50,50\nB,b,0,20,60\nC,c,5,80\n');
    const { code, stderr } = await cli(['import', 'ktab', 'bad.csv'], folder);
    expect(code).toBe(1);
    expect(stderr).toMatch(/bad\.csv:4/);
    expect(stderr).toMatch(/bad\.csv:5/);
  });
});
