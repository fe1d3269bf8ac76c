import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/setup/global-setup.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Tests share real database servers; keep parallelism modest on a 2-core machine.
    maxWorkers: 2,
    env: { NO_COLOR: '1', KTX_TEST: '1' },
  },
});
