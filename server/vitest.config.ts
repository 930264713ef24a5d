import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // expect.poll waits 1 s by default: too short for a browser page under a loaded CI machine
    // (the console test failed so once, waiting for a release that came a moment later).
    expect: { poll: { timeout: 15_000, interval: 100 } },
    pool: 'forks',
    // Two cores: more workers only add contention on the database.
    maxWorkers: 2,
  },
});
