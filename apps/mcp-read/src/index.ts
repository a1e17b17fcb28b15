// @tgmcp/read: the read-only MCP server as a library (the CLI is `tgmcp-read`). Everything it is
// built from is in @tgmcp/mcp.
export { createReadServer } from './server.js';
