// tg_get_participants: a chat's members.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { ServerRuntime } from '../runtime/server-runtime.js';
import { defineTool } from '../tool/define.js';
import { exportFormatParam } from '../tool/export-link.js';
import { LEAN_NOTICE, groupParam, limitParam } from '../tool/schemas.js';
import {
  collect,
  includePhoneParam,
  participantsOutput,
  phonesWanted,
  toFile,
} from '../tool/participants.js';

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
    output: participantsOutput,
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
