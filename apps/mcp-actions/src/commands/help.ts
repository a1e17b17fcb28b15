// Help texts of tgmcp-actions (no imports: --help must be instant).
export const HELP = `tgmcp-actions: MCP server for Telegram writes that a person approved

Usage:
  tgmcp-actions                  run the MCP server on stdio (what an MCP client starts)
  tgmcp-actions --demo           the same server on a built-in demo account
  tgmcp-actions approve <id> [--yes | --reject] [--demo]
                                 show a write request exactly and approve (y/N) or reject it
  tgmcp-actions pending [--json] [--demo]
                                 list approval requests waiting for a person
  tgmcp-actions audit [--limit N] [--demo]
                                 the audit trail: previews, approvals, executions, results
  tgmcp-actions policy [--demo]  the write policy in force (never the confirmation phrase)
  tgmcp-actions pins [--json] [--demo]
                                 allowlist pins: the id each entry is pinned to, missing pins
  tgmcp-actions unpin <entry> [--demo]
                                 forget a pin: the entry is pinned to what its name names now
  tgmcp-actions login | status | doctor
                                 as in tgmcp-read (sessions are shared)
Options:
  -h, --help                     this help, or a command's (tgmcp-actions approve --help)
  -v, --version                  print the version
  --demo                         after a command: work on the demo server's data dir

Writes are off unless TG_ACTIONS_ENABLED=1, and only to TG_ACTIONS_ALLOWED_GROUPS. Approval
mode TG_ACTIONS_APPROVAL_MODE: elicit (the client asks you), operator (you run approve), seed.
See https://github.com/tgmcp/tgmcp#approved-writes-tgmcpactions
`;

const DEMO_NOTE =
  "--demo: the demo server's state ($TMPDIR/tgmcp-actions-demo-<uid>), whatever TG_DATA_DIR says.\n";

const COMMANDS: Record<string, string> = {
  serve: `tgmcp-actions [--demo]

Runs the MCP server on stdio; an MCP client starts it (\`tgmcp-read config --profile full\`
prints a client block). --demo: a built-in demo account with writes to two demo chats, approved
by you with \`tgmcp-actions approve --demo <id>\`.
`,
  approve: `tgmcp-actions approve <id> [--yes | --reject] [--demo]

Shows a write request (apr_...) or an add-member batch exactly as it will be sent: action,
target title and id, the whole text or file, its size and hash. Asks "Send exactly this? [y/N]"
on a terminal; elsewhere pass --yes to approve or --reject to refuse. Approved requests run at
once; only seed mode's codes wait TG_ACTIONS_APPROVAL_MIN_AGE_SEC.
${DEMO_NOTE}`,
  pending: `tgmcp-actions pending [--json] [--demo]

Lists the approval requests waiting for a person, each as its approval screen (--json: JSON).
${DEMO_NOTE}`,
  audit: `tgmcp-actions audit [--limit N] [--json] [--demo]

Prints the last N (default 50) audit events as JSON lines: previews, approvals, executions and
results. No approval codes and no confirmation phrase are ever recorded.
${DEMO_NOTE}`,
  policy: `tgmcp-actions policy [--demo]

Prints the write policy in force as JSON (never the confirmation phrase) and, when writes are
off, what to set to turn them on.
${DEMO_NOTE}`,
  pins: `tgmcp-actions pins [--json] [--demo]

Lists allowlist pins: the chat id each TG_ACTIONS_ALLOWED_GROUPS entry is pinned to, and pins
that went missing (with the id they had).
${DEMO_NOTE}`,
  unpin: `tgmcp-actions unpin <entry> [--demo]

Forgets the pin of an allowlist entry (audited): the server pins it to the chat its name names
now on its next start. Needed after a refused repin (\`tgmcp-actions pins\` shows them).
${DEMO_NOTE}`,
  login: `tgmcp-actions login [--qr] [--session-name NAME] [--phone +CC...] [--timeout-sec 180]

Logs a session in, as \`tgmcp-read login\` does (sessions are shared between the servers).
`,
  status: `tgmcp-actions status [--session-name NAME] [--json] [--demo]

Says whether the session is logged in and as whom, as \`tgmcp-read status\` does.
`,
  doctor: `tgmcp-actions doctor [--demo]

Checks the environment, data dir, session, lock and connection, as \`tgmcp-read doctor\` does.
`,
};

export function commandHelp(command: string): string {
  return COMMANDS[command] ?? HELP;
}
