import { defineConfig } from 'vitest/config';

// Type-aware linting of the planted workspace takes a few seconds on a busy machine.
export default defineConfig({ test: { include: ['test/**/*.test.ts'], testTimeout: 60_000 } });
