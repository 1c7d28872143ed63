import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Simulations are CPU-bound; two cores means two forks at most.
    pool: 'forks',
    maxWorkers: 2,
  },
});
