// @tgmcp/read: the read-only MCP server as a library (the CLI is `tgmcp-read`). The actions
// server builds on the same runtime, tool plumbing and shared read tools.
export { createReadServer } from './server.js';
export { ServerRuntime } from './server-runtime.js';
export type { ServerRuntimeOptions } from './server-runtime.js';
export { registerSharedTools } from './shared-tools.js';
export { defineTool, READ_ANNOTATIONS } from './tools/define.js';
export type { ToolExtra, ToolSpec } from './tools/define.js';
export { toolError, describeError, ReadToolError } from './tools/errors.js';
export type { ToolErrorBody } from './tools/errors.js';
export { groupParam, limitParam, peerType, UNTRUSTED_NOTICE } from './tools/schemas.js';
export { INPUT_KEYWORDS, schemaProblems } from './tools/portable-schema.js';
export { loadReadConfig } from './config.js';
export type { ReadConfig } from './config.js';
export { testConnectOverride } from './commands/test-connect.js';
export { terminalHint } from './commands/terminal-hint.js';
export { VERSION } from './version.js';
export { loginCommand } from './commands/login.js';
export { statusCommand } from './commands/status.js';
export { doctorCommand } from './commands/doctor.js';
export { sharedStateFromEnv } from './shared-state.js';
export { stopAndExit } from './stop.js';
export type { StopStep } from './stop.js';
export type { SharedState } from './shared-state.js';
