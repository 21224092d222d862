import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DrawBatch } from '../core/analyses/draws.js';
import { drawRowsCsv, writeDrawRowsCsv } from './draw-rows-csv.js';

const batch: DrawBatch = {
  fromDraw: 3,
  toDraw: 5,
  models: ['m'],
  issues: ['A', 'B,"quoted"'],
  inputs: ['x.capability', 'x.A.position'],
  forecasts: Float64Array.from([1, 2, 3, 4]),
  inputValues: Float64Array.from([0.5, 10, 0.25, 20]),
};

describe('draw rows as CSV', () => {
  it('one row per draw, model and issue, inputs repeated on each; RFC 4180 quoting', () => {
    expect([...drawRowsCsv([batch])].join('')).toBe(
      [
        'draw,model,issue,forecast,x.capability,x.A.position',
        '3,m,A,1,0.5,10',
        '3,m,"B,""quoted""",2,0.5,10',
        '4,m,A,3,0.25,20',
        '4,m,"B,""quoted""",4,0.25,20',
        '',
      ].join('\n'),
    );
  });

  it('writes the whole file and leaves no temporary file; an unwritable path leaves nothing', () => {
    const folder = mkdtempSync(join(tmpdir(), 'parley-csv-'));
    expect(writeDrawRowsCsv(join(folder, 'rows.csv'), [batch])).toBe(4);
    expect(readdirSync(folder)).toEqual(['rows.csv']);
    expect(readFileSync(join(folder, 'rows.csv'), 'utf8').split('\n')).toHaveLength(6);
    expect(() => writeDrawRowsCsv(join(folder, 'missing', 'rows.csv'), [batch])).toThrow();
    expect(existsSync(join(folder, 'missing'))).toBe(false);
  });
});
