// tg_resolve_username: what a @username or t.me link is.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { ServerRuntime } from '../runtime/server-runtime.js';
import { defineTool } from '../tool/define.js';
import { lean } from '../tool/lean.js';
import { LEAN_NOTICE, peerType } from '../tool/schemas.js';

export function registerResolveUsernameTool(server: McpServer, runtime: ServerRuntime): void {
  defineTool(server, runtime, {
    name: 'tg_resolve_username',
    title: 'Resolve a username',
    description: `What a @username or t.me link is (user, group, supergroup or channel), with its id. ${LEAN_NOTICE}`,
    input: { username: z.string().min(1).max(200).describe('@username, username or t.me link') },
    output: {
      id: z.string(),
      type: peerType,
      username: z.string().optional(),
      title: z.string(),
      first_name: z.string().optional(),
      last_name: z.string().optional(),
      is_bot: z.boolean().optional(),
      is_premium: z.boolean().optional(),
      participants_count: z.number().int().optional(),
    },
    async run({ username }) {
      const tg = await runtime.telegram();
      // People resolve; a chat outside TG_READ_ALLOWED_CHATS reads as an unknown username.
      const peer = await tg.resolvePeer(username, 'username').catch((err: unknown) => {
        Object.assign(err as object, { field: 'username' });
        throw err;
      });
      if (peer.type === 'user') {
        const u = await tg.getUser(peer.id);
        return {
          result: lean({
            ...peer,
            first_name: u.first_name,
            last_name: u.last_name,
            is_bot: u.is_bot,
            is_premium: u.is_premium,
          }),
          summary: `${username} is user ${peer.id} (${peer.title})`,
        };
      }
      const info = await tg.getChatInfo(peer.id);
      return {
        result: lean({ ...peer, participants_count: info.members_count }),
        summary: `${username} is ${peer.type} ${peer.id} (${peer.title})`,
      };
    },
  });
}
