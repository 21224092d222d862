/**
 * Bundles the compiled executable (`dist/src/cli/main.js`), the worker pool's thread
 * (`dist/src/runtime/worker.js`) and the SQLite writer's (`dist/src/storage/sqlite-writer-worker.js`)
 * into `dist/cli/`, the `parley` of package.json's `bin`.
 * Node 20 resolves, reads and compiles each ES module file apart, and a command loads 130 of
 * ours before it does anything (about a third of `parley forecast --model compromise`'s CPU
 * beyond a bare node); bundled, they are a few files. Each command's `import()` stays a
 * separate chunk, loaded when the command runs, so what a command does not use is still not
 * loaded. Packages stay outside (`packages: 'external'`): Node loads them from node_modules
 * as before, native ones and zod's lazily loaded schemas included.
 *
 * Run by `npm run build` (so by `npm ci`'s prepare), `npm start`'s prestart and the tests'
 * global setup, after `tsc -p tsconfig.build.json`. Needs esbuild (a devDependency).
 */
import { rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist', 'cli');

// Chunk names change with their contents: stale ones would ship in the package.
rmSync(outdir, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  // Each thread's module is an entry of its own, beside the chunk that starts it: the pools'
  // worker (`pool.ts`'s `./worker.js`) and the SQLite writer (`sqlite-writer.ts`'s
  // `./sqlite-writer-worker.js`).
  entryPoints: {
    main: 'dist/src/cli/main.js',
    worker: 'dist/src/runtime/worker.js',
    'sqlite-writer-worker': 'dist/src/storage/sqlite-writer-worker.js',
  },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  // The metafile lets test/cli-imports.test.ts read what the bundled executable loads first.
  metafile: true,
  logLevel: 'warning',
}).then(({ metafile }) => writeFileSync(join(outdir, 'meta.json'), JSON.stringify(metafile)));
