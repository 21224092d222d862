/**
 * The two checkers of docs/ledger.md, run exactly as written there (the first ```python and
 * ```js blocks): on a real export of `parley ledger`, on a chain whose entries hold the
 * numbers and text canonical JSON is hardest on, and on tampered copies, which both must
 * refuse. The Python one is skipped only where no python3 is installed.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/program.js';
import { ledgerLines, verifyChain } from '../src/core/ledger/chain.js';
import { chainOf, forecastOf } from '../src/core/testing/ledger.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const hasPython = spawnSync('python3', ['--version']).status === 0;

function block(language: string): string {
  const text = readFileSync(join(root, 'docs/ledger.md'), 'utf8');
  const found = new RegExp(`\`\`\`${language}\\n([\\s\\S]*?)\`\`\``).exec(text);
  if (!found) throw new Error(`docs/ledger.md has no \`\`\`${language} block`);
  return found[1]!;
}

let folder: string;
const files: Record<string, string> = {};

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'parley-ledger-checkers-'));
  writeFileSync(join(folder, 'check_ledger.py'), block('python'));
  writeFileSync(join(folder, 'check-ledger.mjs'), block('js'));
  const io = { stdout: () => undefined, stderr: () => undefined, cwd: folder };
  const db = ['--db', join(folder, 'parley.db')];
  const today = new Date().toISOString().slice(0, 10);
  expect(await runCli(['ledger', 'record', ...db], io)).toBe(0);
  expect(await runCli(['ledger', 'record', '--variant', variantOfDefault(), '--note', 'une variante — 🕊️', ...db], io)).toBe(0);
  expect(await runCli(['ledger', 'resolve', '1', '--issue', 'NATO', '--observed', 'status-quo', '--date', today, '--source', 'no agreement', ...db], io)).toBe(
    0,
  );
  expect(await runCli(['ledger', 'resolve', '1', '--issue', 'CONTROL', '--observed', '37.5', '--date', today, '--source', 'a treaty', ...db], io)).toBe(0);
  let exported = '';
  expect(await runCli(['ledger', 'export', ...db], { ...io, stdout: (text) => (exported += text) })).toBe(0);
  files.real = exported;

  // Numbers at every turn of ECMAScript's number format, and member names whose UTF-16 order differs from their code point order.
  const awkward = forecastOf(
    'awkward',
    { id: 'X', min: -1e9, max: 1e9, statusQuo: -0.5 },
    { forecast: 1e-7, low: -2.5e-8, high: 0.000001, p: 5e-324 },
    123456789012,
  );
  awkward.request.params = { median: { big: 1e21, bigger: 1.5e300, round: 1e20, tenth: 0.1, third: 1 / 3, '\u{1F600}': 1, '\uE000': 2 } };
  awkward.note = 'quote " backslash \\ bell \u0007 line\u2028sep tab\t é 🕊️';
  files.awkward = ledgerLines(chainOf([awkward, awkward]));
  expect(
    verifyChain(
      files.awkward
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line)),
    ).ok,
  ).toBe(true);

  const lines = files.real.trim().split('\n');
  files.dropped = [lines[0], ...lines.slice(2)].join('\n');
  files.edited = files.real.replace('"observed":37.5', '"observed":38');
  for (const [name, text] of Object.entries(files)) writeFileSync(join(folder, `${name}.jsonl`), text);
}, 120_000);
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** The shipped scenario's first variant. */
function variantOfDefault(): string {
  const text = readFileSync(join(root, 'scenarios/ukraine-2024-11.yaml'), 'utf8');
  const found = /^variants:\n(?:\s*#.*\n)*\s+- id: ([\w-]+)/m.exec(text);
  if (!found) throw new Error('the shipped scenario has no variant');
  return found[1]!;
}

const checkers = [
  { name: 'Python', command: 'python3', script: 'check_ledger.py', skip: !hasPython },
  { name: 'JavaScript', command: process.execPath, script: 'check-ledger.mjs', skip: false },
];

for (const checker of checkers) {
  describe.skipIf(checker.skip)(`the ${checker.name} checker of docs/ledger.md`, () => {
    const run = (file: string) => spawnSync(checker.command, [join(folder, checker.script), join(folder, `${file}.jsonl`)], { encoding: 'utf8' });

    it('passes a real export and names its head', () => {
      const result = run('real');
      expect(result.stderr).toBe('');
      const head = JSON.parse(files.real!.trim().split('\n').at(-1)!) as { hash: string };
      expect(result.stdout).toBe(`ok 4 ${head.hash}\n`);
    });

    it('hashes awkward numbers and text as Parley does', () => {
      const result = run('awkward');
      expect(result.stderr).toBe('');
      expect(result.stdout).toMatch(/^ok 2 [0-9a-f]{64}\n$/);
    });

    it('refuses a deleted line and an edited entry', () => {
      const dropped = run('dropped');
      expect(dropped.status).not.toBe(0);
      expect(dropped.stderr).toMatch(/line 2: entry 2 breaks the chain/);
      const edited = run('edited');
      expect(edited.status).not.toBe(0);
      expect(edited.stderr).toMatch(/line 4: entry 4 breaks the chain/);
    });
  });
}
