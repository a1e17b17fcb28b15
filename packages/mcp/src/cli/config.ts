// `tgmcp-read config`: a ready MCP client configuration that starts the servers with npx (with
// --demo: on the built-in demo account, no credentials needed).
const CLIENTS = ['claude', 'cursor', 'generic'] as const;

export function configCommand(values: {
  profile?: string;
  client?: string;
  'read-session-name'?: string;
  'actions-session-name'?: string;
  demo?: boolean;
}): number {
  const profile = values.profile ?? 'read';
  if (profile !== 'read' && profile !== 'full') {
    process.stderr.write('tgmcp-read config: --profile must be "read" or "full"\n');
    return 2;
  }
  const client = values.client ?? 'generic';
  if (!(CLIENTS as readonly string[]).includes(client)) {
    process.stderr.write(`tgmcp-read config: --client must be one of ${CLIENTS.join(', ')}\n`);
    return 2;
  }
  const env = (session: string | undefined): Record<string, string> =>
    values.demo
      ? {}
      : {
          TG_API_ID: '<your api id from my.telegram.org>',
          TG_API_HASH: '<your api hash>',
          ...(session ? { TG_SESSION_NAME: session } : {}),
        };
  const demo = values.demo ? ['--demo'] : [];
  const servers: Record<string, { command: string; args: string[]; env: Record<string, string> }> =
    {
      'telegram-read': {
        command: 'npx',
        args: ['-y', '@tgmcp/read', ...demo],
        env: env(values['read-session-name']),
      },
    };
  if (profile === 'full')
    servers['telegram-actions'] = {
      command: 'npx',
      args: ['-y', '@tgmcp/actions', ...demo],
      env: env(values['actions-session-name']),
    };
  const where =
    client === 'claude'
      ? '# Claude Desktop: claude_desktop_config.json (Settings > Developer > Edit Config)'
      : client === 'cursor'
        ? '# Cursor: ~/.cursor/mcp.json (or .cursor/mcp.json in a project)'
        : '# Any MCP client that reads an mcpServers block';
  process.stderr.write(`${where}\n`);
  process.stdout.write(`${JSON.stringify({ mcpServers: servers }, null, 2)}\n`);
  return 0;
}
