import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'scenarios/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    // A beforeAll that builds a brief or starts a server gets the same time as a test on a busy machine.
    hookTimeout: 60_000,
    // Builds dist/ once for the executable and worker-pool tests.
    globalSetup: ['test/global-setup.ts'],
  },
});
