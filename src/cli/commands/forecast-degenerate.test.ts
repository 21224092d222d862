/**
 * `parley forecast` on valid but degenerate scenarios (issue 24): a model that cannot run on
 * an issue is named with its reason, the others' forecasts print, and the command exits 0
 * while every issue has an answer.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { models } from '../../core/models/index.js';
import { runCli } from '../program.js';

async function cli(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), cwd: process.cwd() });
  return { code, stdout, stderr };
}

function file(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'parley-degenerate-')), 'scenario.yaml');
  writeFileSync(path, text);
  return path;
}

// One issue where nobody cares (every salience 0): the expected utility model cannot run there.
const zeroSalience = file(`parley: 1
id: zero
title: Nobody cares
issues:
  - { id: X, name: X, scale: { min: 0, max: 100 }, statusQuo: 40 }
  - { id: Y, name: Y, scale: { min: 0, max: 100 } }
actors:
  - { id: a, name: A, capability: 1, stances: { X: { position: 10, salience: 0 }, Y: { position: 10, salience: 1 } } }
  - { id: b, name: B, capability: 2, stances: { X: { position: 90, salience: 0 }, Y: { position: 70, salience: 0.5 } } }
variants:
  - { id: alone, changes: [{ actor: b, active: false }] }
`);

describe('parley forecast on degenerate scenarios', () => {
  it('prints the reason where a model cannot run and exits 0', async () => {
    const { code, stdout, stderr } = await cli(['forecast', zeroSalience]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/\n {2}eum +— {2}not applicable: eum: every actor has zero capability or zero salience \(issue "X"\)\n/);
    expect(stdout).not.toMatch(/NaN|Infinity|null/);
  });

  it('--json: every model × issue is either a forecast on the scale or not applicable with a reason', async () => {
    for (const args of [[], ['--variant', 'alone']]) {
      const { code, stdout } = await cli(['forecast', zeroSalience, '--json', ...args]);
      expect(code).toBe(0);
      const result = JSON.parse(stdout);
      expect(result.results.length + result.notApplicable.length).toBe(models.length * 2);
      for (const row of result.results) expect(row.forecast).toBeGreaterThanOrEqual(0);
      for (const row of result.notApplicable) expect(row).toMatchObject({ forecast: null, status: 'not-applicable', reason: expect.stringMatching(/^\w+: /) });
    }
  });
});
