// tg_get_participants and tg_search_participants.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Participant } from '@tgmcp/telegram';
import { z } from 'zod';
import type { ServerRuntime } from '../server-runtime.js';
import { type ToolExtra, defineTool } from './define.js';
import { ReadToolError } from './errors.js';
import { exportAsLink, exportFormatParam, exportOutput } from './export-link.js';
import { lean } from './lean.js';
import { LEAN_NOTICE, groupParam, limitParam, participantSchema } from './schemas.js';

const output = {
  group: z.string(),
  count: z.number().int(),
  participants: z.array(participantSchema),
  truncated: z.boolean().describe('More members exist than were returned'),
  export: exportOutput,
};

const includePhoneParam = z
  .boolean()
  .default(false)
  .describe("Include members' phone numbers (only if the operator set TG_READ_ALLOW_PHONES=1)");

/** Phone numbers are personal data: returned only when asked and the operator allows it. */
function phonesWanted(runtime: ServerRuntime, includePhone: boolean): boolean {
  if (includePhone && !runtime.config.allowPhones)
    throw new ReadToolError(
      'PHONES_NOT_ALLOWED',
      "include_phone needs the operator's permission: set TG_READ_ALLOW_PHONES=1 in the server's environment, or call without include_phone",
      'include_phone',
    );
  return includePhone;
}

/** Above the inline maximum, members go to a file returned as a resource_link. */
async function toFile(
  runtime: ServerRuntime,
  group: string | number,
  limit: number,
  format: 'jsonl' | 'csv' | 'tdesktop',
  participants: {
    search?: string;
    filter?: 'all' | 'admins' | 'bots' | 'banned' | 'kicked';
    includeBots: boolean;
    includePhone: boolean;
  },
  extra: ToolExtra,
) {
  const tg = await runtime.telegram();
  const id = await runtime.checkChat(tg, group);
  const e = await exportAsLink(
    runtime,
    { kind: 'participants', chat: id, format, limit, participants },
    extra,
  );
  return {
    result: { group: id, count: e.count, participants: [], truncated: false, export: e.export },
    summary: `${e.count} member(s) of ${id} written to ${e.export.file}; see the resource link and manifest`,
    links: [e.link],
  };
}

async function collect(
  runtime: ServerRuntime,
  group: string | number,
  limit: number,
  options: {
    search?: string;
    filter?: 'all' | 'admins' | 'bots' | 'banned' | 'kicked';
    includeBots: boolean;
    includePhone: boolean;
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
  const lean_ = participants.map((p) => lean(p) as z.infer<typeof participantSchema>);
  return { group: id, count: participants.length, participants: lean_, truncated };
}

export function registerGetParticipantsTool(server: McpServer, runtime: ServerRuntime): void {
  const cap = runtime.config.maxItems;
  const fileCap = Math.max(cap, runtime.config.maxExportItems);
  defineTool(server, runtime, {
    name: 'tg_get_participants',
    title: 'Members of a group',
    description: `Members of a group or channel (channels need admin rights); bots only with include_bots. Up to ${cap} inline; a larger limit (max ${fileCap}) writes a file and returns a resource_link. ${LEAN_NOTICE}`,
    input: {
      group: groupParam,
      limit: limitParam(100, fileCap),
      export_format: exportFormatParam,
      filter: z.enum(['all', 'admins', 'bots', 'banned', 'kicked']).default('all'),
      include_bots: z.boolean().default(false),
      include_phone: includePhoneParam,
    },
    output,
    async run({ group, limit, filter, include_bots, include_phone, export_format }, extra) {
      const options = {
        filter,
        includeBots: include_bots || filter === 'bots',
        includePhone: phonesWanted(runtime, include_phone),
      };
      if (limit > cap) return toFile(runtime, group, limit, export_format, options, extra);
      const result = await collect(runtime, group, limit, options, extra);
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
    description: `Searches a group's members by name or username (Telegram's member search). ${LEAN_NOTICE}`,
    input: {
      group: groupParam,
      query: z.string().min(1).max(64).describe('Part of a name or username'),
      limit: limitParam(50, cap),
      include_bots: z.boolean().default(false),
      include_phone: includePhoneParam,
    },
    output,
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
