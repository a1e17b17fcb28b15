// tg_get_group_info: one group's or channel's details.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { ServerRuntime } from '../runtime/server-runtime.js';
import { defineTool } from '../tool/define.js';
import { ToolError } from '../tool/errors.js';
import { lean } from '../tool/lean.js';
import { LEAN_NOTICE, groupParam, peerType } from '../tool/schemas.js';

const output = {
  id: z.string(),
  title: z.string(),
  username: z.string().optional(),
  type: peerType,
  participants_count: z.number().int().optional(),
  about: z.string().optional(),
  created_at: z.string().optional(),
  my_role: z.string(),
  my_rights: z.record(z.string(), z.boolean()).optional(),
  slowmode_seconds: z.number().int().optional(),
};

export function registerGetGroupInfoTool(server: McpServer, runtime: ServerRuntime): void {
  defineTool(server, runtime, {
    name: 'tg_get_group_info',
    title: 'Group info',
    description: `A group's or channel's title, type, username, member count, about, creation date, slowmode, and your role and admin rights. ${LEAN_NOTICE}`,
    input: { group: groupParam },
    output,
    async run({ group }) {
      const tg = await runtime.telegram();
      const id = (await tg.resolveChat(group, 'group')).id;
      const info = await tg.getChatInfo(id);
      if (info.type === 'user')
        throw new ToolError('NOT_A_GROUP', `${info.id} is a user, not a group or channel`, 'group');
      const result = lean({
        id: info.id,
        title: info.title,
        username: info.username,
        type: info.type,
        participants_count: info.members_count,
        about: info.about,
        created_at: info.created_at,
        my_role: info.my_role,
        my_rights: info.my_rights as Record<string, boolean> | null,
        slowmode_seconds: info.slowmode_seconds,
      }) as z.infer<z.ZodObject<typeof output>>;
      return {
        result,
        summary: `${info.type} "${info.title}" (${info.id}), ${info.members_count ?? '?'} members`,
      };
    },
  });
}
