/**
 * Builds `dist/` once before any test file runs: the executable tests start
 * `dist/src/cli/main.js`, and the worker pool's threads load `dist/src/runtime/worker.js`
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
}
