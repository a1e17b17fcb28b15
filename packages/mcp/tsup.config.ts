import { defineConfig } from 'tsup';

export default defineConfig({
  // `@tgmcp/mcp/cli`: a binary's command-line frame and version, without gramjs.
  entry: ['src/index.ts', 'src/cli.ts'],
  format: ['esm'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  // Commands and the demo load on demand (gramjs is loaded after the server is ready).
  splitting: true,
  // tsup leaves dependencies and peers external, not optionalDependencies: the demo's fake
  // Telegram must stay a separate package, loaded only by --demo (and optional to install).
  external: ['@tgmcp/testkit'],
});
