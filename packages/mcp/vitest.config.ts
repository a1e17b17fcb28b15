import { defineConfig } from 'vitest/config';

// The in-process tool suites share one worker's module cache (isolate: false): each file pays
// for importing gramjs and the SDK once per worker instead of once per file (about 4 s instead
// of 20 s on 2 busy cores). They keep no module state: every file builds its own runtime,
// server and fake DC.
const IN_PROCESS = [
  'test/tools/**/*.test.ts',
  'test/in-process.test.ts',
  'test/readme-tool-tables.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 120_000,
    projects: [
      { extends: true, test: { name: 'in-process', include: IN_PROCESS, isolate: false } },
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: IN_PROCESS,
        },
      },
    ],
  },
});
