// Help texts of tgmcp-actions (no imports: --help must be instant).
export const HELP = `tgmcp-actions: MCP server for Telegram writes that a person approved

Usage:
  tgmcp-actions                  run the MCP server on stdio (what an MCP client starts)
  tgmcp-actions --demo           the same server on a built-in demo account
  tgmcp-actions approve <id> [--yes | --reject]
                                 show a write request exactly and approve (y/N) or reject it
  tgmcp-actions pending [--json] list approval requests waiting for a person
  tgmcp-actions audit [--limit N]
                                 the audit trail: previews, approvals, executions, results
  tgmcp-actions policy           the write policy in force (never the confirmation phrase)
  tgmcp-actions pins [--json]    allowlist pins: the id each entry is pinned to, missing pins
  tgmcp-actions unpin <entry>    forget a pin: the entry is pinned to what its name names now
  tgmcp-actions login | status | doctor
                                 as in tgmcp-read (sessions are shared)
Options:
  -h, --help, -v, --version

Writes are off unless TG_ACTIONS_ENABLED=1, and only to TG_ACTIONS_ALLOWED_GROUPS. Approval
mode TG_ACTIONS_APPROVAL_MODE: elicit (the client asks you), operator (you run approve), seed.
See https://github.com/tgmcp/tgmcp#approved-writes-tgmcpactions
`;
