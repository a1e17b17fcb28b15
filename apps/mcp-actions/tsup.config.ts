import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/cli.ts', 'src/index.ts'],
  format: ['esm'],
  dts: { entry: 'src/index.ts' },
  clean: true,
  sourcemap: true,
  target: 'node20',
  // Commands load on demand: --version and --help never load gramjs.
  splitting: true,
  // tsup leaves dependencies and peers external, not optionalDependencies: the demo's fake
  // Telegram must stay a separate package, loaded only by --demo (and optional to install).
  external: ['@tgmcp/testkit'],
});
