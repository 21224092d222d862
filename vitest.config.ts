import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The web app's alias (web/tsconfig.json), for tests of its pure helpers (test/web).
  resolve: { alias: [{ find: /^@parley\//, replacement: fileURLToPath(new URL('./src/', import.meta.url)) }] },
  test: {
    include: ['src/**/*.test.ts', 'scenarios/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    // A beforeAll that builds a brief or starts a server gets the same time as a test on a busy machine.
    hookTimeout: 60_000,
    // Builds dist/ once for the executable and worker-pool tests.
    globalSetup: ['test/global-setup.ts'],
  },
});
