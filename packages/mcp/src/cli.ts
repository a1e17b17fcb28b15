// Sub-entry `@tgmcp/mcp/cli`: what a server binary needs before it knows its command (the
// command-line frame, its version). Nothing here loads gramjs, so `--version` and `--help`
// answer at once; the main entry loads the Telegram layer.
export { cliMain, runCli } from './cli/run-cli.js';
export type { CliSpec, CommandLine } from './cli/run-cli.js';
export { packageVersion } from './cli/package-version.js';
export { SERVER_OPTIONS } from './cli/server-options.js';
