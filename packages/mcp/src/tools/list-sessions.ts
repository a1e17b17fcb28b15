// tg_list_sessions: the sessions this server can use.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { ServerRuntime } from '../runtime/server-runtime.js';
import { defineTool } from '../tool/define.js';

export function registerListSessionsTool(server: McpServer, runtime: ServerRuntime): void {
  defineTool(server, runtime, {
    name: 'tg_list_sessions',
    title: 'List sessions',
    description: 'The stored sessions and the one in use.',
    input: {},
    output: { sessions: z.array(z.string()), current: z.string() },
    async run() {
      const result = (await runtime.sessions()).list();
      return {
        result,
        summary: `${result.sessions.length} session(s): ${result.sessions.join(', ') || 'none'}; current: ${result.current}`,
      };
    },
  });
}
