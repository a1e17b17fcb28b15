// tg_get_group_info: one group's or channel's details.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { ServerRuntime } from '../server-runtime.js';
import { defineTool } from './define.js';
import { ReadToolError } from './errors.js';
import { groupParam, peerType } from './schemas.js';

export function registerGetGroupInfoTool(server: McpServer, runtime: ServerRuntime): void {
  defineTool(server, runtime, {
    name: 'tg_get_group_info',
    title: 'Group info',
    description:
      'Details of a group, supergroup or channel: title, type, username, member count, description, creation date, your role and rights, slowmode.',
    input: { group: groupParam },
    output: {
      id: z.string(),
      title: z.string(),
      username: z.string().nullable(),
      type: peerType,
      participants_count: z.number().int().nullable(),
      about: z.string().nullable(),
      created_at: z.string().nullable(),
      my_role: z.string(),
      my_rights: z.record(z.string(), z.boolean()).nullable(),
      slowmode_seconds: z.number().int().nullable(),
    },
    async run({ group }) {
      const tg = await runtime.telegram();
      const id = await runtime.checkChat(tg, group);
      const info = await tg.getChatInfo(id);
      if (info.type === 'user')
        throw new ReadToolError(
          'NOT_A_GROUP',
          `${info.id} is a user, not a group or channel`,
          'group',
        );
      const result = {
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
      };
      return {
        result,
        summary: `${info.type} "${info.title}" (${info.id}), ${info.members_count ?? '?'} members`,
      };
    },
  });
}
