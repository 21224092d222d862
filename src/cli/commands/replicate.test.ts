import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { replicate } from '../../core/analyses/replicate.js';
import { loadReplicationData } from '../../io/reference.js';
import { runCli } from '../program.js';

const referenceDir = fileURLToPath(new URL('../../../reference/', import.meta.url));

async function cli(args: string[], cwd = process.cwd()) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), cwd });
  return { code, stdout, stderr };
}

describe('parley replicate: every claim of README.md and docs/ against reference/', () => {
  it('passes every row, from the repository’s own reference/ folder', async () => {
    const { code, stdout, stderr } = await cli(['replicate', '--json']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const { rows } = JSON.parse(stdout) as {
      rows: Array<{ model: string; variant: string; reference: string; measure: string; deviation: number; tolerance: number; pass: boolean }>;
    };
    expect(Object.keys(rows[0]!)).toEqual(['model', 'variant', 'reference', 'measure', 'deviation', 'tolerance', 'pass']);
    expect(rows.filter((row) => !row.pass)).toEqual([]);
    // EUM: both faithful variants on all 25 reference trajectories (synthetic_n50 has no scholz-code run).
    expect(rows.filter((row) => row.model === 'eum')).toHaveLength(25);
    expect(rows.filter((row) => row.model === 'smp')).toHaveLength(3);
    expect(rows.filter((row) => row.model === 'exchange' && row.variant.startsWith('decimal'))).toHaveLength(8);
    expect(rows.filter((row) => row.model === 'deu')).toHaveLength(4);
  });

  it('--only prints a table of the chosen groups with the count that pass', async () => {
    const { code, stdout } = await cli(['replicate', '--only', 'smp,deu']);
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^model\s+variant\s+reference\s+measure\s+deviation\s+tolerance\s+pass$/);
    expect(lines.filter((line) => /^(smp|deu) /.test(line))).toHaveLength(7);
    expect(lines.at(-1)).toBe('7 of 7 rows pass');
  });

  it('an unknown group is a usage error naming the groups', async () => {
    const { code, stderr } = await cli(['replicate', '--only', 'nash']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/unknown group "nash".*eum, smp, exchange, deu/);
  });

  it('a reference folder without the data exits 1 naming the missing file', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'parley-reference-'));
    try {
      const { code, stderr } = await cli(['replicate', '--only', 'smp', '--reference', empty]);
      expect(code).toBe(1);
      expect(stderr).toContain(join(empty, 'ktab', 'dummyData_3Dim.ref-positions.csv'));
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('a reference value that the model does not reproduce fails its row, and the command exits 1', async () => {
    const copy = mkdtempSync(join(tmpdir(), 'parley-reference-'));
    try {
      cpSync(join(referenceDir, 'ktab'), join(copy, 'ktab'), { recursive: true });
      const file = join(copy, 'ktab', 'SOE-Pol-Comp.ref-positions.csv');
      const [header, first, ...rest] = readFileSync(file, 'utf8').trim().split('\n');
      const cells = first!.split(',');
      cells[3] = String(Number(cells[3]) + 0.5);
      writeFileSync(file, [header, cells.join(','), ...rest].join('\n'));
      const rows = replicate(loadReplicationData(copy, ['smp']), { only: ['smp'] });
      expect(rows.map((row) => row.pass)).toEqual([true, true, false]);
      expect(rows[2]!.deviation).toBeCloseTo(0.5, 9);
      const { code, stderr } = await cli(['replicate', '--only', 'smp', '--reference', copy]);
      expect(code).toBe(1);
      expect(stderr).toMatch(/1 of 3 rows fail/);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});
