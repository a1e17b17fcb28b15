// tg_search_participants: members matching a query.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { ServerRuntime } from '../runtime/server-runtime.js';
import { defineTool } from '../tool/define.js';
import { LEAN_NOTICE, groupParam, limitParam } from '../tool/schemas.js';
import {
  collect,
  includePhoneParam,
  participantsOutput,
  phonesWanted,
} from '../tool/participants.js';

export function registerSearchParticipantsTool(server: McpServer, runtime: ServerRuntime): void {
  const cap = runtime.config.maxItems;
  defineTool(server, runtime, {
    name: 'tg_search_participants',
    title: 'Search members',
    description: `Searches a group's members by name or username (Telegram's member search). ${LEAN_NOTICE}`,
    input: {
      group: groupParam,
      query: z.string().min(1).max(64).describe('Part of a name or username'),
      limit: limitParam(50, cap),
      include_bots: z.boolean().default(false),
      include_phone: includePhoneParam,
    },
    output: participantsOutput,
    async run({ group, query, limit, include_bots, include_phone }, extra) {
      const result = await collect(
        runtime,
        group,
        limit,
        {
          search: query,
          includeBots: include_bots,
          includePhone: phonesWanted(runtime, include_phone),
        },
        extra,
      );
      return {
        result,
        summary: `${result.count} member(s) of ${result.group} match ${JSON.stringify(query)}`,
      };
    },
  });
}
