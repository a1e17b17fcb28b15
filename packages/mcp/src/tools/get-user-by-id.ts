// tg_get_user_by_id: a user this account knows, by id.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { ServerRuntime } from '../runtime/server-runtime.js';
import { defineTool } from '../tool/define.js';
import { lean } from '../tool/lean.js';
import { LEAN_NOTICE, userShape } from '../tool/schemas.js';

export function registerGetUserByIdTool(server: McpServer, runtime: ServerRuntime): void {
  defineTool(server, runtime, {
    name: 'tg_get_user_by_id',
    title: 'User by id',
    description: `A user this account knows (from its chats), by numeric id. ${LEAN_NOTICE}`,
    input: {
      user_id: z
        .string()
        .regex(/^\d+$/, 'a numeric user id, as a string')
        .describe('Numeric user id, as a string'),
    },
    output: { ...userShape, about: z.string().optional() },
    async run({ user_id }) {
      const tg = await runtime.telegram();
      // An id that is a chat outside TG_READ_ALLOWED_CHATS reads as an unknown id.
      const ref = String(user_id);
      const u = await tg.getUser(ref, 'user_id').catch((err: unknown) => {
        Object.assign(err as object, { field: 'user_id' });
        throw err;
      });
      // Phone numbers are personal data: only when the operator allows them (TG_READ_ALLOW_PHONES).
      const { phone, ...rest } = u;
      return {
        result: lean(runtime.config.allowPhones ? { ...rest, phone } : rest),
        summary: `user ${u.id}: ${[u.first_name, u.last_name].filter(Boolean).join(' ')}${u.username ? ` (@${u.username})` : ''}`,
      };
    },
  });
}
