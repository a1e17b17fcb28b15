// tg_list_sessions and tg_use_session.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { ServerRuntime } from '../server-runtime.js';
import { defineTool } from './define.js';

export function registerListSessionsTool(server: McpServer, runtime: ServerRuntime): void {
  defineTool(server, runtime, {
    name: 'tg_list_sessions',
    title: 'List sessions',
    description: 'Lists the Telegram sessions stored in the data directory and the one in use.',
    input: {},
    output: { sessions: z.array(z.string()), current: z.string() },
    async run() {
      const result = (await runtime.sessions()).list();
      return {
        result,
        summary: `${result.sessions.length} session(s): ${result.sessions.join(', ') || 'none'}; current: ${result.current}`,
      };
    },
  });
}

export function registerUseSessionTool(server: McpServer, runtime: ServerRuntime): void {
  defineTool(server, runtime, {
    name: 'tg_use_session',
    title: 'Switch session',
    description:
      'Switches to another stored session (only when TG_ALLOW_SESSION_SWITCH=1). The new session is connected and checked before the current one is closed.',
    input: { session_name: z.string().describe('A name from tg_list_sessions') },
    output: {
      switched_to: z.string(),
      account: z.object({
        id: z.string(),
        username: z.string().nullable(),
        first_name: z.string().nullable(),
      }),
    },
    async run({ session_name }) {
      const r = await (await runtime.sessions()).use(session_name);
      const account = {
        id: r.account.id,
        username: r.account.username,
        first_name: r.account.first_name,
      };
      return {
        result: { switched_to: r.switched_to, account },
        summary: `Now using session ${r.switched_to} (${account.username ? `@${account.username}` : (account.first_name ?? account.id)})`,
      };
    },
  });
}
