// @tgmcp/actions: MCP server for writes that a person approved (bin tgmcp-actions)
// Not implemented yet (planned in issue 7); this package deliberately exports nothing.
export {};
