// tg_get_participants and tg_search_participants.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Participant } from '@tgmcp/telegram';
import { z } from 'zod';
import type { ServerRuntime } from '../server-runtime.js';
import { defineTool } from './define.js';
import { groupParam, limitParam, participantSchema } from './schemas.js';

const output = {
  group: z.string(),
  count: z.number().int(),
  participants: z.array(participantSchema),
  truncated: z.boolean().describe('More members exist than were returned'),
};

async function collect(
  runtime: ServerRuntime,
  group: string | number,
  limit: number,
  options: {
    search?: string;
    filter?: 'all' | 'admins' | 'bots' | 'banned' | 'kicked';
    includeBots: boolean;
  },
  extra: {
    signal: AbortSignal;
    progress(d: number, t: number | undefined, m: string): Promise<void>;
  },
) {
  const tg = await runtime.telegram();
  const id = await runtime.checkChat(tg, group);
  const participants: Participant[] = [];
  let truncated = false;
  for await (const p of tg.iterParticipants(id, { ...options, signal: extra.signal })) {
    if (participants.length >= limit) {
      truncated = true;
      break;
    }
    participants.push(p);
    if (participants.length % 200 === 0)
      await extra.progress(participants.length, limit, 'members');
  }
  return { group: id, count: participants.length, participants, truncated };
}

export function registerGetParticipantsTool(server: McpServer, runtime: ServerRuntime): void {
  const cap = runtime.config.maxItems;
  defineTool(server, runtime, {
    name: 'tg_get_participants',
    title: 'Members of a group',
    description: `Members of a group or channel (admin rights needed for channels). Bots are left out unless include_bots is true. At most ${cap} per call; use \`tgmcp-read export participants\` for all.`,
    input: {
      group: groupParam,
      limit: limitParam(100, cap),
      filter: z.enum(['all', 'admins', 'bots', 'banned', 'kicked']).default('all'),
      include_bots: z.boolean().default(false),
    },
    output,
    async run({ group, limit, filter, include_bots }, extra) {
      const result = await collect(
        runtime,
        group,
        limit,
        { filter, includeBots: include_bots || filter === 'bots' },
        extra,
      );
      return {
        result,
        summary: `${result.count} member(s) of ${result.group}${result.truncated ? ' (more exist)' : ''}`,
      };
    },
  });
}

export function registerSearchParticipantsTool(server: McpServer, runtime: ServerRuntime): void {
  const cap = runtime.config.maxItems;
  defineTool(server, runtime, {
    name: 'tg_search_participants',
    title: 'Search members',
    description: "Searches a group's members by name or username with Telegram's member search.",
    input: {
      group: groupParam,
      query: z.string().min(1).max(64).describe('Part of a name or username'),
      limit: limitParam(50, cap),
      include_bots: z.boolean().default(false),
    },
    output,
    async run({ group, query, limit, include_bots }, extra) {
      const result = await collect(
        runtime,
        group,
        limit,
        { search: query, includeBots: include_bots },
        extra,
      );
      return {
        result,
        summary: `${result.count} member(s) of ${result.group} match ${JSON.stringify(query)}`,
      };
    },
  });
}
