// The benches: a real collegiald and Debian's Chromium, as the end-to-end tests, but timed and
// long; never part of `npm test` or `npm run e2e`. Run from web-client/:
//   npx vitest run --config tests/bench/vitest.config.ts
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/bench/**/*.test.ts'],
    environment: 'node',
    testTimeout: 3_600_000,
    hookTimeout: 600_000,
    fileParallelism: false,
    pool: 'forks',
  },
});
