import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'scenarios/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    // Builds dist/ once for the executable and worker-pool tests.
    globalSetup: ['test/global-setup.ts'],
  },
});
