import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../program.js';

async function cli(args: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), cwd });
  return { code, stdout, stderr };
}

describe('parley report', () => {
  it('writes the brief of the default scenario to -o, with the seed and draws it was made with', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'parley-report-'));
    const { code, stderr } = await cli(['report', '-o', 'brief.html', '--draws', '10', '--seed', '3', '--workers', '0', '--variant', 'us-walks-away'], folder);
    expect(stderr).toMatch(/^wrote brief\.html \(\d+ KB\)\n$/);
    expect(code).toBe(0);
    const page = readFileSync(join(folder, 'brief.html'), 'utf8');
    expect(page.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(page).toMatch(/<th>seed<\/th><td>3<\/td>/);
    expect(page).toContain('Variant <strong>us-walks-away</strong>');
    expect(page).toContain('parley report ukraine-2024-11.yaml --variant us-walks-away --draws 10 --seed 3');
    expect(readdirSync(folder)).toEqual(['brief.html']);
  });

  it('an unknown variant or a missing output folder is a usage error and writes nothing', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'parley-report-'));
    const variant = await cli(['report', '--variant', 'nope', '--workers', '0'], folder);
    expect(variant.code).toBe(2);
    expect(variant.stderr).toMatch(/unknown variant "nope"/);
    const output = await cli(['report', '-o', 'missing/brief.html', '--workers', '0'], folder);
    expect(output.code).toBe(2);
    expect(output.stderr).toMatch(/--output missing\/brief\.html: the folder .* does not exist/);
    expect(readdirSync(folder)).toEqual([]);
  });
});

describe('parley report --advise', () => {
  it('adds "What would move it" with the words parley advise prints for the same draws and seed', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'parley-report-'));
    const { code } = await cli(['report', '-o', 'brief.html', '--draws', '10', '--seed', '2', '--workers', '0', '--advise', 'ukraine'], folder);
    expect(code).toBe(0);
    const page = readFileSync(join(folder, 'brief.html'), 'utf8');
    expect(page).toContain('<h2>What would move it</h2>');
    expect(page).toContain('<h3>For Ukraine (Zelenskyy)</h3>');
    expect(page).toContain('<a href="#advice">What would move it</a>');
    expect(page).toContain('--draws 10 --seed 2 --advise ukraine');
    const advised = await cli(['advise', '--actor', 'ukraine', '--draws', '10', '--seed', '2', '--workers', '0'], folder);
    const first = advised.stdout.split('\n')[1]!.replace(/^ {2}1\. /, '');
    const escaped = first.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll("'", '&#39;').replaceAll('"', '&quot;');
    expect(page).toContain(`<li>${escaped}</li>`);
  });

  it('an unknown actor to advise names the flag and writes nothing', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'parley-report-'));
    const result = await cli(['report', '-o', 'brief.html', '--draws', '5', '--workers', '0', '--advise', 'atlantis'], folder);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^parley: --advise unknown actor "atlantis"; the actors are: russia/);
    expect(readdirSync(folder)).toEqual([]);
  });
});

describe('parley chart', () => {
  it('writes SVG, PNG or the Vega-Lite spec, chosen by the extension', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'parley-chart-'));
    expect((await cli(['chart', '--kind', 'forecast', '--issue', 'NATO', '-o', 'nato.svg'], folder)).code).toBe(0);
    expect(readFileSync(join(folder, 'nato.svg'), 'utf8')).toMatch(/^<svg[^>]*>.*NATO: Ukraine's NATO membership/s);
    expect((await cli(['chart', '--kind', 'relations', '--issue', 'NATO', '-o', 'nato.png'], folder)).code).toBe(0);
    expect([...readFileSync(join(folder, 'nato.png')).subarray(1, 4)].map((byte) => String.fromCharCode(byte)).join('')).toBe('PNG');
    expect((await cli(['chart', '--kind', 'trajectory', '-o', 'terr.json'], folder)).code).toBe(0);
    const spec = JSON.parse(readFileSync(join(folder, 'terr.json'), 'utf8'));
    expect(spec.$schema).toMatch(/vega-lite/);
    expect(spec.title.text).toMatch(/^CONTROL: /);
  });

  it('usage errors (exit 2): an unknown kind, issue or format, trajectory without eum', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'parley-chart-'));
    const kind = await cli(['chart', '--kind', 'pie', '-o', 'x.svg'], folder);
    expect(kind.code).toBe(2);
    expect(kind.stderr).toMatch(/--kind pie: expected one of forecast, trajectory, tornado, distribution, relations/);
    const issue = await cli(['chart', '--kind', 'forecast', '--issue', 'NOPE', '-o', 'x.svg'], folder);
    expect(issue.code).toBe(2);
    expect(issue.stderr).toMatch(/unknown issue "NOPE"; the issues are: CONTROL, RECOGNITION, NATO/);
    const format = await cli(['chart', '--kind', 'forecast', '-o', 'x.gif'], folder);
    expect(format.code).toBe(2);
    expect(format.stderr).toMatch(/must end in \.svg, \.png, \.json/);
    const eum = await cli(['chart', '--kind', 'trajectory', '--model', 'median', '-o', 'x.svg'], folder);
    expect(eum.code).toBe(2);
    expect(eum.stderr).toMatch(/expected utility model \(eum\)/);
    expect(existsSync(join(folder, 'x.svg'))).toBe(false);
  });
});
