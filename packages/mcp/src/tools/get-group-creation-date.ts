// tg_get_group_creation_date: when a chat was created.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { ServerRuntime } from '../runtime/server-runtime.js';
import { defineTool } from '../tool/define.js';
import { groupParam } from '../tool/schemas.js';

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
      const id = (await tg.resolveChat(group, 'group')).id;
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
