import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two cores on every machine here: two forks keep the SQLite and PostgreSQL suites from starving each other.
    pool: 'forks',
    maxWorkers: 2,
  },
});
