// @tgmcp/mcp: the MCP surface both tgmcp servers share. Tools are defined once (typed on the MCP
// SDK, one error format), run on one runtime (session, Telegram handle, progress, cancellation,
// deadline), served on stdio, and the read tools live here, one file per tool.
export { defineTool, READ_ANNOTATIONS } from './tool/define.js';
export type { ToolExtra, ToolSpec, ResourceLink } from './tool/define.js';
export { ToolError, TOOL_ERROR_CODES, describeError, toolError } from './tool/errors.js';
export type { ToolErrorBody, ToolErrorCode } from './tool/errors.js';
export { groupParam, limitParam, peerType, UNTRUSTED_NOTICE } from './tool/schemas.js';
export { INPUT_KEYWORDS, schemaProblems } from './tool/portable-schema.js';
export { ServerRuntime } from './runtime/server-runtime.js';
export type { ServerRuntimeOptions } from './runtime/server-runtime.js';
export { loadServerConfig } from './runtime/config.js';
export type { ServerConfig } from './runtime/config.js';
export { sharedStateFromEnv } from './runtime/shared-state.js';
export type { SharedState } from './runtime/shared-state.js';
export { serveStdio } from './serve/stdio.js';
export type { ServeStdioOptions } from './serve/stdio.js';
export { stopAndExit } from './serve/stop.js';
export type { StopStep } from './serve/stop.js';
export type { CommandContext, ServerBin } from './cli/context.js';
export { loginCommand } from './cli/login.js';
export { statusCommand } from './cli/status.js';
export { doctorCommand } from './cli/doctor.js';
export { configCommand } from './cli/config.js';
export { testConnectOverride } from './cli/test-connect.js';
export { terminalHint } from './cli/terminal-hint.js';
export { demoSetup, startDemo } from './cli/demo.js';
export type { DemoSetup } from './cli/demo.js';
export { DemoDirError, checkDemoDir, openStableDemo, stableDemoDir } from './cli/stable-demo.js';
export type { StableDemo } from './cli/stable-demo.js';
export { confirmOnTerminal, pageOnTerminal } from './cli/terminal.js';
export { askPersonByElicitation, clientCanElicit } from './tool/elicit-approval.js';
export { READ_TOOLS, SHARED_TOOLS, registerTools } from './tools/index.js';
export type { RegisterTool } from './tools/index.js';
export { runExport, defaultExportFile } from './tool/export-file.js';
export type { ExportRequest } from './tool/export-file.js';
export { exportCommand } from './cli/export.js';
export { createLogger } from '@tgmcp/core';
export type { Logger } from '@tgmcp/core';
