// @tgmcp/read: the read-only MCP server as a library (the CLI is `tgmcp-read`).
export { createReadServer } from './server.js';
export { ReadRuntime } from './runtime.js';
export type { ReadRuntimeOptions } from './runtime.js';
export { loadReadConfig } from './config.js';
export type { ReadConfig } from './config.js';
export { VERSION } from './version.js';
