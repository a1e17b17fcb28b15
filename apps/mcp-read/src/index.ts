// @tgmcp/read: read-only MCP server for a Telegram user account (bin tgmcp-read)
// Not implemented yet (planned in issue 6); this package deliberately exports nothing.
export {};
