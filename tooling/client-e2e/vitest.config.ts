import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Every test starts the demo server; one file at a time keeps CI's two cores free.
    fileParallelism: false,
  },
});
