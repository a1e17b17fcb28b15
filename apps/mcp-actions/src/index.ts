// @tgmcp/actions: the MCP server for approved writes as a library (the CLI is `tgmcp-actions`).
// Everything it is built from is in @tgmcp/mcp and @tgmcp/policy.
export { createActionsServer } from './server.js';
