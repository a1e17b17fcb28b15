// tg_auth_status: whether the active session is authorized, and as whom.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { ServerRuntime } from '../runtime/server-runtime.js';
import { defineTool } from '../tool/define.js';
import { lean } from '../tool/lean.js';

export function registerAuthStatusTool(server: McpServer, runtime: ServerRuntime): void {
  defineTool(server, runtime, {
    name: 'tg_auth_status',
    title: 'Session status',
    description: 'Whether the active session is logged in, and as whom.',
    input: {},
    output: {
      authorized: z.boolean(),
      session_name: z.string(),
      session_path: z.string().optional(),
      account: z
        .object({
          id: z.string(),
          username: z.string().optional(),
          first_name: z.string().optional(),
        })
        .optional(),
      phone_masked: z.string().optional(),
      dc_id: z.number().optional(),
      error: z.object({ code: z.string(), message: z.string() }).optional(),
    },
    async run() {
      const s = await runtime.authStatus();
      const { session_path, account, ...rest } = s;
      return {
        result: {
          ...rest,
          ...(session_path ? { session_path } : {}),
          ...(account ? { account: lean(account) } : {}),
        },
        summary: s.authorized
          ? `logged in as ${s.account?.username ? `@${s.account.username}` : s.account?.id} (session ${s.session_name})`
          : `not logged in (session ${s.session_name}): ${s.error?.message ?? ''}`,
      };
    },
  });
}
