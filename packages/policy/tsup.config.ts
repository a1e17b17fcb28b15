import { defineConfig } from 'tsup';

export default defineConfig({
  // `@tgmcp/policy/redis` is its own entry so ioredis users alone load the Redis store.
  entry: { index: 'src/index.ts', redis: 'src/redis.ts' },
  format: ['esm'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
});
