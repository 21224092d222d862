/**
 * The package as a user gets it: `npm pack`, the tarball installed into a fresh project,
 * and the README's library example run there with node and type-checked with tsc.
 *
 * The install is offline: the scratch project's lockfile is this repository's, restricted to
 * the package's own dependencies (every tarball is in npm's cache after `npm ci`), so the
 * test needs no network and installs exactly the versions the other tests ran against.
 * Install scripts are skipped (better-sqlite3 would compile for a minute and a half); the
 * library example does not open a database.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forecast } from '../src/core/forecast.js';
import { loadScenarioFile } from '../src/io/scenario-file.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

interface LockEntry {
  dev?: boolean;
  [field: string]: unknown;
}

interface Manifest {
  name: string;
  version: string;
  bin: { parley: string };
  dependencies: Record<string, string>;
}

function run(command: string, args: string[], cwd: string) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' } });
  if (result.error) throw result.error;
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The README's first ```js block that imports from 'parley': the one the README promises runs as written. */
function readmeExample(): string {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const block = [...readme.matchAll(/```js\n([\s\S]*?)```/g)].map((match) => match[1]!).find((code) => /from 'parley'/.test(code));
  if (block === undefined) throw new Error("README.md has no ```js block importing from 'parley'");
  return block;
}

/** This repository's lockfile cut down to what a project depending only on the tarball installs. */
function scratchLock(manifest: Manifest, tarball: string): unknown {
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const packages: Record<string, LockEntry> = {
    '': {
      name: 'scratch',
      dependencies: { [manifest.name]: `file:${tarball}` },
      devDependencies: { '@types/node': lock.packages['node_modules/@types/node']!.version },
    },
    [`node_modules/${manifest.name}`]: { version: manifest.version, resolved: `file:${tarball}`, dependencies: manifest.dependencies },
  };
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (path === '' || !path.startsWith('node_modules/')) continue;
    if (!entry.dev) packages[path] = entry;
  }
  // tsc in the scratch project needs Node's types, as a user's TypeScript project would.
  for (const path of ['node_modules/@types/node', 'node_modules/undici-types']) packages[path] = lock.packages[path]!;
  return { name: 'scratch', lockfileVersion: 3, requires: true, packages };
}

describe('the packed package', () => {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Manifest;
  const project = mkdtempSync(join(tmpdir(), 'parley-package-'));
  let packedFiles: string[] = [];
  let installed = { code: null as number | null, stdout: '', stderr: '' };

  beforeAll(() => {
    // dist/ was built by test/global-setup.ts; --ignore-scripts keeps `prepare` from rebuilding it and the web app.
    const packed = run(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', project], root);
    expect(packed.code, packed.stderr).toBe(0);
    const [report] = JSON.parse(packed.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
    packedFiles = report!.files.map((file) => file.path);
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify({
        name: 'scratch',
        private: true,
        type: 'module',
        dependencies: { [manifest.name]: `file:${report!.filename}` },
        devDependencies: { '@types/node': '*' },
      }),
    );
    writeFileSync(join(project, 'package-lock.json'), JSON.stringify(scratchLock(manifest, report!.filename)));
    installed = run(npm, ['ci', '--offline', '--ignore-scripts', '--no-audit', '--no-fund'], project);
    // A failed install is reported by its own test below; the packing checks above it still run.
    if (installed.code !== 0) return;
    cpSync(join(project, 'node_modules', manifest.name, 'scenarios'), join(project, 'scenarios'), { recursive: true });
    writeFileSync(join(project, 'forecast.mjs'), readmeExample());
  }, 180_000);

  afterAll(() => rmSync(project, { recursive: true, force: true }), 60_000);

  it('ships the built library, its types, the scenarios, the licence and the data notice, and no tests or benchmarks', () => {
    for (const entry of ['core', 'io', 'report', 'runtime']) {
      expect(packedFiles).toContain(`dist/src/${entry}/index.js`);
      expect(packedFiles).toContain(`dist/src/${entry}/index.d.ts`);
    }
    // The executable is the bundle of scripts/bundle-cli.mjs, its chunks and its worker beside it.
    expect(packedFiles).toContain(manifest.bin.parley);
    expect(packedFiles).toContain('dist/cli/worker.js');
    expect(packedFiles).toContain('scenarios/ukraine-2024-11.yaml');
    // The MIT licence and the data notice travel with the code (both say so: "keep this notice with the files").
    expect(packedFiles).toContain('LICENSE');
    expect(packedFiles).toContain('THIRD-PARTY.md');
    const unwanted = packedFiles.filter((path) => /^dist\/(test|bench)\/|\.test\.|(^|\/)testing[./]|^src\//.test(path));
    expect(unwanted).toEqual([]);
  });

  it('installs offline into a fresh project', () => {
    expect(installed.code, installed.stderr).toBe(0);
  });

  it('runs the installed `parley` executable: the same forecast table as the repository’s', () => {
    const installedBin = run(
      process.execPath,
      [join(project, 'node_modules', manifest.name, manifest.bin.parley), 'forecast', '--model', 'compromise'],
      project,
    );
    expect(installedBin.code, installedBin.stderr).toBe(0);
    const here = run(process.execPath, [join(root, manifest.bin.parley), 'forecast', '--model', 'compromise'], root);
    expect(installedBin.stdout).toBe(here.stdout);
    expect(installedBin.stdout).toMatch(/compromise/);
  });

  it("runs the README's library example as written, printing each issue's forecasts", () => {
    const { code, stdout, stderr } = run(process.execPath, ['forecast.mjs'], project);
    expect(code, stderr).toBe(0);
    // The same numbers as the library in this repository gives for the example's models.
    const { scenario } = loadScenarioFile(join(root, 'scenarios/ukraine-2024-11.yaml'));
    const models = /models: \[([^\]]*)\]/
      .exec(readmeExample())![1]!
      .match(/'[^']+'/g)!
      .map((quoted) => quoted.slice(1, -1));
    const { results } = forecast(scenario!, { models });
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(scenario!.issues.length);
    scenario!.issues.forEach((issue, index) => {
      expect(lines[index]).toContain(`${issue.id} ${issue.name}: `);
      for (const result of results.filter((candidate) => candidate.issue === issue.id)) {
        expect(lines[index]).toContain(`${result.model} ${result.forecast.toFixed(1)}`);
      }
    });
  });

  it("type-checks the README's example against the package's types with tsc", () => {
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          allowJs: true,
          checkJs: true,
          noEmit: true,
          skipLibCheck: true,
          types: ['node'],
        },
        files: ['forecast.mjs', 'entries.ts'],
      }),
    );
    // skipLibCheck as most projects set it: the package's declarations are tsc's own output;
    // what is checked is that the example's use of them type-checks.
    // Every entry point resolves to its declarations (strict checkJs refuses an untyped import), and a deep import is refused.
    writeFileSync(
      join(project, 'entries.ts'),
      [
        "import { forecast, models, type Scenario } from 'parley';",
        "import { loadScenarioFile } from 'parley/io';",
        "import { forecastChart } from 'parley/report';",
        "import { createWorkerPool } from 'parley/runtime';",
        "const scenario: Scenario | undefined = loadScenarioFile('scenarios/cop21.yaml').scenario;",
        'const first: number | undefined = scenario && forecast(scenario, { models: [models[0]!.id] }).results[0]?.forecast;',
        'export { first, forecastChart, createWorkerPool };',
        '',
      ].join('\n'),
    );
    const checked = run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], project);
    expect(checked.code, checked.stdout + checked.stderr).toBe(0);

    writeFileSync(join(project, 'deep.ts'), "import { forecast } from 'parley/dist/src/core/forecast.js';\nexport { forecast };\n");
    const deep = run(
      process.execPath,
      [join(root, 'node_modules/typescript/bin/tsc'), '--noEmit', '--module', 'NodeNext', '--moduleResolution', 'NodeNext', '--skipLibCheck', 'deep.ts'],
      project,
    );
    expect(deep.code).not.toBe(0);
    expect(deep.stdout).toMatch(/parley\/dist\/src\/core\/forecast\.js/);
  });

  it('imports every entry point with node, and only those', () => {
    const script = [
      "const core = await import('parley');",
      "const io = await import('parley/io');",
      "const report = await import('parley/report');",
      "const runtime = await import('parley/runtime');",
      'console.log([typeof core.forecast, typeof core.monteCarlo, typeof io.loadScenarioFile, typeof report.makeBrief, typeof runtime.createWorkerPool].join(" "));',
      "await import('parley/dist/src/core/forecast.js').catch((error) => console.log(error.code));",
    ].join('\n');
    const { code, stdout, stderr } = run(process.execPath, ['--input-type=module', '-e', script], project);
    expect(code, stderr).toBe(0);
    expect(stdout).toBe('function function function function function\nERR_PACKAGE_PATH_NOT_EXPORTED\n');
  });
});
