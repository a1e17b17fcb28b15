// tg_get_message_count: a chat's message count.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { ServerRuntime } from '../runtime/server-runtime.js';
import { defineTool } from '../tool/define.js';
import { groupParam } from '../tool/schemas.js';

export function registerGetMessageCountTool(server: McpServer, runtime: ServerRuntime): void {
  defineTool(server, runtime, {
    name: 'tg_get_message_count',
    title: 'Message count',
    description: "A chat's message count (Telegram's, one request).",
    input: { group: groupParam },
    output: { group: z.string(), message_count: z.number().int() },
    async run({ group }) {
      const tg = await runtime.telegram();
      const id = (await tg.resolveChat(group, 'group')).id;
      const message_count = await tg.countMessages(id);
      return {
        result: { group: id, message_count },
        summary: `${id} has ${message_count} messages`,
      };
    },
  });
}
