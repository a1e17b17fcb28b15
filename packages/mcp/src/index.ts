// @tgmcp/mcp: the MCP surface both tgmcp servers share.
export const MCP_PACKAGE = '@tgmcp/mcp';
