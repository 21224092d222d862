import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../../io/scenario-file.js';
import { forecast } from '../forecast.js';
import { pointScenario } from '../resolve.js';
import { explainSmpIssue, type SmpExplainDetails } from './smp/explain.js';
import { smpModel } from './smp/index.js';

const { scenario } = loadScenarioFile(join(import.meta.dirname, '..', '..', '..', 'scenarios', 'ukraine-2024-11.yaml'));

describe('smp in words', () => {
  const run = forecast(scenario!, { models: ['smp'] });
  const row = run.results.find((result) => result.issue === 'FORCES')!;
  const issue = scenario!.issues.find((candidate) => candidate.id === 'FORCES')!;
  const names = Object.fromEntries(scenario!.actors.map((actor) => [actor.id, actor.name]));
  const details = row.details as unknown as SmpExplainDetails;
  const lines = explainSmpIssue(details, { issue: 'FORCES', scale: issue.scale, names });

  it('opens with the forecast itself (the same number the forecast gives) and its most probable group', () => {
    expect(lines[0]).toContain(`the probability-weighted mean of the final positions, ${Number(row.forecast.toFixed(2))}`);
    expect(lines[0]).toContain(`most likely ${Number(details.mostProbable.position.toFixed(2))}`);
  });

  it('lists the biggest moves first, each read from the first and last positions of the run', () => {
    const moves = lines.filter((line) => / moves from /.test(line));
    const sizes = moves.map((line) => {
      const [, from, to] = / moves from (-?[\d.]+) to (-?[\d.]+)\.$/.exec(line)!;
      return Math.abs(Number(to) - Number(from));
    });
    expect(moves.length).toBeGreaterThan(0);
    expect([...sizes].sort((a, b) => b - a)).toEqual(sizes);
  });

  it('is what `parley explain --model smp` prints for the issue', () => {
    const point = pointScenario(scenario!);
    expect(smpModel.explain!(point, {}, { issue: 'FORCES' })).toEqual(explainSmpIssue(details, { issue: issue.name, scale: issue.scale, names }));
  });
});
