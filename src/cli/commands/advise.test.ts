/**
 * `parley advise` through `runCli`: on every shipped scenario the top advice, saved as a
 * variant into a copy of the file and read back, gives `after` bit for bit; the list is the
 * same on 0, 1 and 2 workers; errors name the flag.
 */
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { headline } from '../../core/analyses/headline.js';
import { loadScenarioFile } from '../../io/scenario-file.js';
import { packageRoot } from '../shared.js';
import { runCli } from '../program.js';

async function cli(args: string[], cwd = process.cwd()) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), cwd });
  return { code, stdout, stderr };
}

const scenarioFolder = join(packageRoot(), 'scenarios');
const shipped = readdirSync(scenarioFolder)
  .filter((name) => name.endsWith('.yaml'))
  .sort();
/** The default scenario is being recoded as this is written: read its first issue rather than pin one. */
const defaultScenario = loadScenarioFile(join(scenarioFolder, 'ukraine-2024-11.yaml')).scenario!;
const firstIssue = defaultScenario.issues[0]!;

describe('parley advise on every shipped scenario', () => {
  it.each(shipped)('%s: the top advice saved with --save-variants and read back reproduces after exactly', async (name) => {
    const path = join(scenarioFolder, name);
    const { scenario } = loadScenarioFile(path);
    const client = scenario!.actors.find((actor) => actor.active !== false && Object.keys(actor.stances).length > 0)!;
    const folder = mkdtempSync(join(tmpdir(), 'parley-advise-'));
    const copy = join(folder, 'copy.yaml');
    const result = await cli(['advise', path, '--actor', client.id, '--save-variants', '1', '-o', copy, '--json', '--workers', '0', '--top', '2']);
    expect(result.stderr).toMatch(/wrote .*copy\.yaml with 1 advice variant/);
    expect(result.code).toBe(0);
    const advice = JSON.parse(result.stdout);
    expect(Object.keys(advice)).toEqual(['actor', 'goal', 'advice']);
    expect(advice.advice.length).toBeGreaterThan(0);
    const top = advice.advice[0];
    expect(Object.keys(top)).toEqual(['description', 'changes', 'before', 'after', 'gain']);
    expect(top.gain).toBeGreaterThan(0);
    const saved = loadScenarioFile(copy);
    expect(saved.problems).toEqual([]);
    const variant = saved.scenario!.variants!.at(-1)!;
    expect(variant.id).toBe(`advice-${client.id}-1`);
    expect(variant.changes).toEqual(top.changes);
    const after = headline(saved.scenario!, { variant: variant.id, draws: 1 }).summary;
    const before = headline(saved.scenario!, { draws: 1 }).summary;
    expect(Object.fromEntries(after.map((entry) => [entry.issue, entry.forecast]))).toEqual(top.after);
    expect(Object.fromEntries(before.map((entry) => [entry.issue, entry.forecast]))).toEqual(top.before);
  });
});

describe('parley advise', () => {
  it("advice on a variant, saved, carries the variant's changes first, so applying it to the base gives after", async () => {
    const variant = defaultScenario.variants![0]!.id;
    const folder = mkdtempSync(join(tmpdir(), 'parley-advise-'));
    const copy = join(folder, 'copy.yaml');
    const result = await cli([
      'advise',
      '--actor',
      'ukraine',
      '--variant',
      variant,
      '--depth',
      '1',
      '--save-variants',
      '1',
      '-o',
      copy,
      '--json',
      '--workers',
      '0',
    ]);
    expect(result.code).toBe(0);
    const top = JSON.parse(result.stdout).advice[0];
    const saved = loadScenarioFile(copy).scenario!;
    const added = saved.variants!.at(-1)!;
    expect(added.changes).toEqual([...defaultScenario.variants![0]!.changes, ...top.changes]);
    const after = headline(saved, { variant: added.id, draws: 1 }).summary;
    const before = headline(saved, { variant, draws: 1 }).summary;
    expect(Object.fromEntries(after.map((entry) => [entry.issue, entry.forecast]))).toEqual(top.after);
    expect(Object.fromEntries(before.map((entry) => [entry.issue, entry.forecast]))).toEqual(top.before);
  });

  it('byte-identical JSON in this thread, on 1 worker and on 2, draws included', async () => {
    const args = ['advise', '--actor', 'ukraine', '--draws', '12', '--seed', '4', '--top', '3', '--json'];
    const inProcess = await cli([...args, '--workers', '0']);
    const one = await cli([...args, '--workers', '1']);
    const two = await cli([...args, '--workers', '2']);
    expect(inProcess.code).toBe(0);
    expect(one.stdout).toBe(inProcess.stdout);
    expect(two.stdout).toBe(inProcess.stdout);
    const advice = JSON.parse(two.stdout);
    expect(advice.advice).toHaveLength(3);
    expect(advice.advice[0].robustness.draws).toBe(12);
  });

  it('prints one line of words per piece of advice, with the gain and the forecasts it moves', async () => {
    const { code, stdout } = await cli(['advise', '--actor', 'ukraine', '--top', '2', '--workers', '0', '--budget', '5']);
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toMatch(/^Advice for Ukraine .* on the ensemble forecast \(goal: [\w-]+ [\d.]+, /);
    expect(lines[1]).toMatch(/^ {2}1\. .*: your utility \+0\.\d+; [\w-]+ [\d.]+ → [\d.]+/);
    expect(stdout).toMatch(/Searched \d+ single changes and \d+ pairs of the best within a budget of 5: \d+ runs of ensemble\./);
  });

  it('errors name the flag and the fix, without a stack trace, and write nothing', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'parley-advise-'));
    const cases: Array<[string[], number, RegExp]> = [
      [['--actor', 'atlantis'], 2, /--actor unknown actor "atlantis"; the actors are: russia, ukraine/],
      [
        ['--actor', 'ukraine', '--goal', `${firstIssue.id}=${firstIssue.scale.max + 40}`],
        2,
        new RegExp(
          `--goal ${firstIssue.id}=${firstIssue.scale.max + 40} is off the scale ${firstIssue.scale.min}\\.\\.${firstIssue.scale.max}; give a target on it`,
        ),
      ],
      [['--actor', 'ukraine', '--goal', `${firstIssue.id}=lots`], 2, /--goal [\w-]+=lots: expected ISSUE=VALUE/],
      [['--actor', 'ukraine', '--issue', 'MOON'], 2, new RegExp(`--issue unknown issue "MOON"; the issues are: ${firstIssue.id}, `)],
      [['--actor', 'ukraine', '--budget', '-3'], 2, /--budget -3: expected a number of at least 0/],
      [['--actor', 'ukraine', '--model', 'oracle'], 2, /unknown model "oracle"/],
      [['--actor', 'ukraine', '--save-variants', '2'], 2, /--save-variants needs -o FILE/],
      [['--actor', 'ukraine', '--save-variants', '1', '-o', join(folder, 'no/such/dir.yaml')], 2, /the folder .* does not exist/],
    ];
    for (const [args, exit, message] of cases) {
      const result = await cli(['advise', ...args, '--workers', '0']);
      expect(result.code, args.join(' ')).toBe(exit);
      expect(result.stderr, args.join(' ')).toMatch(message);
      expect(result.stderr).not.toMatch(/\n\s+at /);
      expect(result.stdout).toBe('');
    }
    expect(readdirSync(folder)).toEqual([]);
  });

  it('an actor with no stances has nothing to advise (exit 1)', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'parley-advise-'));
    writeFileSync(
      join(folder, 'mute.yaml'),
      [
        'parley: 1',
        'id: mute',
        'title: Mute',
        'issues:',
        '  - { id: X, name: X, scale: { min: 0, max: 10 } }',
        'actors:',
        '  - { id: a, name: A, capability: 1, stances: { X: { position: 1, salience: 0.5 } } }',
        '  - { id: b, name: B, capability: 1, stances: { X: { position: 9, salience: 0.5 } } }',
        '  - { id: m, name: Mute, capability: 1, stances: {} }',
        '',
      ].join('\n'),
    );
    const result = await cli(['advise', 'mute.yaml', '--actor', 'm', '--workers', '0', '--save-variants', '1', '-o', 'out.yaml'], folder);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('parley: Mute holds no stance on any issue: there is nothing to advise\n');
    expect(existsSync(join(folder, 'out.yaml'))).toBe(false);
  });
});
