// @tgmcp/actions: the MCP server for approved writes as a library (the CLI is `tgmcp-actions`).
export { createActionsServer } from './server.js';
export { ActionsRuntime } from './actions-runtime.js';
export type { ActionsRuntimeOptions } from './actions-runtime.js';
export { buildRuntime } from './commands/serve.js';
export { VERSION } from './version.js';
