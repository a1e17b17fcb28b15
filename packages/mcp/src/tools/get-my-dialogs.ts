// tg_get_my_dialogs: the account's chats, with a type filter applied before the limit.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { DIALOG_TYPES } from '@tgmcp/telegram/config';
import { z } from 'zod';
import type { ServerRuntime } from '../runtime/server-runtime.js';
import { defineTool } from '../tool/define.js';
import { lean } from '../tool/lean.js';
import { LEAN_NOTICE, UNTRUSTED_NOTICE, dialogSchema, limitParam } from '../tool/schemas.js';

export function registerGetMyDialogsTool(server: McpServer, runtime: ServerRuntime): void {
  const cap = runtime.config.maxItems;
  defineTool(server, runtime, {
    name: 'tg_get_my_dialogs',
    title: 'My chats',
    description: `The account's chats, most recent first ("group" includes supergroups). ${LEAN_NOTICE} ${UNTRUSTED_NOTICE}`,
    input: {
      limit: limitParam(100, cap),
      dialog_type: z.enum(DIALOG_TYPES).default('all'),
      cursor: z.string().optional().describe('next_cursor of the previous call'),
    },
    output: {
      count: z.number().int(),
      dialogs: z.array(dialogSchema),
      next_cursor: z.string().optional().describe('Absent at the end'),
    },
    async run({ limit, dialog_type, cursor }) {
      const tg = await runtime.telegram();
      // @tgmcp/telegram lists only chats in the read scope (TG_READ_ALLOWED_CHATS), filtering
      // while paging: the limit counts allowed chats and the cursor never encodes another's id.
      const page = await tg.getDialogs({
        limit,
        cursor,
        type: dialog_type,
      });
      const dialogs = page.dialogs.map((d) => lean(d) as z.infer<typeof dialogSchema>);
      return {
        result: {
          count: dialogs.length,
          dialogs,
          ...(page.next_cursor ? { next_cursor: page.next_cursor } : {}),
        },
        summary: `${dialogs.length} chat(s)${page.next_cursor ? ' (more: pass next_cursor)' : ''}`,
      };
    },
  });
}
