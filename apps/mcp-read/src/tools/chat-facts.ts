// tg_get_message_count and tg_get_group_creation_date.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { ServerRuntime } from '../server-runtime.js';
import { defineTool } from './define.js';
import { groupParam } from './schemas.js';

export function registerGetMessageCountTool(server: McpServer, runtime: ServerRuntime): void {
  defineTool(server, runtime, {
    name: 'tg_get_message_count',
    title: 'Message count',
    description: "A chat's message count (Telegram's, one request).",
    input: { group: groupParam },
    output: { group: z.string(), message_count: z.number().int() },
    async run({ group }) {
      const tg = await runtime.telegram();
      const id = await runtime.checkChat(tg, group);
      const message_count = await tg.countMessages(id);
      return {
        result: { group: id, message_count },
        summary: `${id} has ${message_count} messages`,
      };
    },
  });
}

export function registerGetGroupCreationDateTool(server: McpServer, runtime: ServerRuntime): void {
  defineTool(server, runtime, {
    name: 'tg_get_group_creation_date',
    title: 'Creation date',
    description: 'When a chat was created: the date of its oldest reachable message.',
    input: { group: groupParam },
    output: {
      group: z.string(),
      creation_date: z.string().optional().describe('Absent: no message is reachable'),
      creation_date_unix: z.number().int().optional(),
    },
    async run({ group }) {
      const tg = await runtime.telegram();
      const id = await runtime.checkChat(tg, group);
      const r = await tg.getCreationDate(id);
      return {
        result: {
          group: id,
          ...(r.created_at ? { creation_date: r.created_at } : {}),
          ...(r.created_at_unix ? { creation_date_unix: r.created_at_unix } : {}),
        },
        summary: r.created_at
          ? `${id} was created on ${r.created_at}`
          : `${id} has no reachable messages`,
      };
    },
  });
}
