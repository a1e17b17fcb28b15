// @tgmcp/testkit/mcp-client: drives an MCP server under test with the real SDK client (an
// optional peer dependency): a built binary over stdio, the error format, bad-input cases.
export { startStdioServer } from './mcp-client/stdio-server.js';
export type { StdioServer, StdioServerOptions } from './mcp-client/stdio-server.js';
export { toolError } from './mcp-client/tool-error.js';
export type { ToolErrorBody } from './mcp-client/tool-error.js';
export { invalidInputProblem, sendBadArguments } from './mcp-client/bad-input.js';
