/**
 * Builds `dist/` once before any test file runs, as `npm run build` does: the executable tests
 * start `dist/cli/main.js` (the bundle of package.json's `bin`, scripts/bundle-cli.mjs), and
 * the worker pool's threads load `dist/src/runtime/worker.js`
 * (Node 20 cannot run TypeScript in a worker). Type errors are reported by
 * `tsc --noEmit` in `npm test`; here they are only shown, since tsc still emits.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export default function buildDist(): void {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const result = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
    cwd: root,
    encoding: 'utf8',
  });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    console.warn(`global setup: tsc -p tsconfig.build.json reported problems (dist/ was still written):\n${result.stdout}${result.stderr}`);
  }
  const bundled = spawnSync(process.execPath, [join(root, 'scripts/bundle-cli.mjs')], { cwd: root, encoding: 'utf8' });
  if (bundled.error) throw bundled.error;
  if (bundled.status !== 0) throw new Error(`global setup: scripts/bundle-cli.mjs failed:\n${bundled.stdout}${bundled.stderr}`);
}
