import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Rebuilds dist/ (which workers and end-to-end tests run) when a source is newer than it.
    globalSetup: ['test/_build-dist.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
