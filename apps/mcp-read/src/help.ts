// Help texts of tgmcp-read (no imports: --help must be instant).
export const HELP = `tgmcp-read: read-only MCP server for a Telegram user account

Usage:
  tgmcp-read                 run the MCP server on stdio (what an MCP client starts)
  tgmcp-read --demo          the same server on a built-in demo account (no credentials needed)
  tgmcp-read login [--qr] [--session-name NAME] [--phone +CC...]
                             log a session in (code from the Telegram app, 2FA if set)
  tgmcp-read status [--demo] is the session logged in, and as whom
  tgmcp-read config --profile read|full [--client claude|cursor|generic] [--demo]
                             print an MCP client config block that uses npx
  tgmcp-read doctor [--demo] check the environment, data dir, session, lock and connection
  tgmcp-read export messages|participants|dialogs <chat> --format jsonl|csv|tdesktop --out FILE
                    [--limit N] [--resume | --overwrite] [--demo]
                             export to a file, with progress and resume
Options:
  -h, --help                 this help (also after a command)
  -v, --version              print the version

Configuration comes from TG_* environment variables: TG_API_ID, TG_API_HASH (my.telegram.org),
TG_DATA_DIR (default ~/.local/share/tgmcp), TG_SESSION_NAME (default "default"),
TG_READ_ALLOWED_CHATS, RATE_RPS, ... See https://github.com/tgmcp/tgmcp#configuration
`;

const COMMANDS: Record<string, string> = {
  login: `tgmcp-read login [--qr] [--session-name NAME] [--phone +CC...] [--timeout-sec 180]

Logs a session in and saves it in TG_DATA_DIR/sessions (0600). Asks for the phone number, then
the code Telegram sends (usually in the Telegram app, not by SMS), then the 2FA password if the
account has one. --qr shows a QR code to scan in Telegram (Settings > Devices > Link Desktop
Device) instead. Non-interactive: TG_LOGIN_PHONE, TG_LOGIN_CODE, TG_LOGIN_PASSWORD.
`,
  status: `tgmcp-read status [--session-name NAME] [--json] [--demo]

Says whether the session is logged in, as whom, on which DC, and who holds its lock.
--demo: the same for the built-in demo account (a fake Telegram in this process).
`,
  config: `tgmcp-read config --profile read|full [--read-session-name NAME] [--actions-session-name NAME] [--client claude|cursor|generic] [--demo]

Prints an MCP client configuration that starts the servers with npx. "read" adds @tgmcp/read;
"full" adds @tgmcp/actions too. No secret is printed: fill in TG_API_ID and TG_API_HASH.
--demo: the servers on the built-in demo account (no credentials, nothing to fill in).
`,
  doctor: `tgmcp-read doctor [--demo]

Checks Node, the TG_* configuration, data dir permissions, the session file, its lock, the
connection to Telegram and the clock; prints ok / warn / fail with a fix for each line.
--demo: the same checks against the built-in demo account.
`,
  export: `tgmcp-read export messages|participants|dialogs <chat> --format jsonl|csv|tdesktop --out FILE [--limit N] [--resume | --overwrite] [--demo]

Streams an export to FILE (written atomically) with FILE.manifest.json beside it. A progress bar
is shown on a terminal. --resume continues an interrupted export from its checkpoint;
--overwrite replaces an existing FILE (and drops an unfinished export's checkpoint).
--demo: export from the built-in demo account (try: export messages @oss_hackers --demo).
`,
};

export function commandHelp(command: string): string {
  return COMMANDS[command] ?? HELP;
}
