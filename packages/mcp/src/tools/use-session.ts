// tg_use_session: switch the active session (when TG_ALLOW_SESSION_SWITCH allows).
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { ServerRuntime } from '../runtime/server-runtime.js';
import { defineTool } from '../tool/define.js';
import { lean } from '../tool/lean.js';

export function registerUseSessionTool(server: McpServer, runtime: ServerRuntime): void {
  defineTool(server, runtime, {
    name: 'tg_use_session',
    title: 'Switch session',
    description:
      'Switches to another stored session, checked before the current one closes (needs TG_ALLOW_SESSION_SWITCH=1).',
    input: { session_name: z.string().describe('A name from tg_list_sessions') },
    output: {
      switched_to: z.string(),
      account: z.object({
        id: z.string(),
        username: z.string().optional(),
        first_name: z.string().optional(),
      }),
    },
    async run({ session_name }) {
      const r = await (await runtime.sessions()).use(session_name);
      const account = lean({
        id: r.account.id,
        username: r.account.username,
        first_name: r.account.first_name,
      }) as { id: string; username?: string; first_name?: string };
      return {
        result: { switched_to: r.switched_to, account },
        summary: `Now using session ${r.switched_to} (${account.username ? `@${account.username}` : (account.first_name ?? account.id)})`,
      };
    },
  });
}
