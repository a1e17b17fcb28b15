import { defineConfig } from 'vitest/config';

// Two suites: fast unit tests beside the code, and cross-process / attack suites in test/.
// `pnpm test` runs both; `vitest run --project unit` only the fast ones.
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['src/**/*.test.ts'] } },
      {
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 30_000,
        },
      },
    ],
  },
});
