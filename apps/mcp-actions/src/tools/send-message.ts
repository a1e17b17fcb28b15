// tg_send_message: a text message to a chat or a user.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { groupParam } from '@tgmcp/mcp';
import { sendMessageWrite } from '@tgmcp/policy';
import { z } from 'zod';
import type { ActionsRuntime } from '../actions-runtime.js';
import { defineWriteTool } from './define-write.js';

export function registerSendMessageTool(mcp: McpServer, runtime: ActionsRuntime): void {
  defineWriteTool(mcp, runtime, {
    name: 'tg_send_message',
    title: 'Send a message',
    description: 'Sends a text message to a chat or a user.',
    input: {
      group: groupParam,
      message_text: z.string().max(4096).describe('The text, exactly as it will be sent'),
    },
    destructive: false,
    write: async (a) => sendMessageWrite(await runtime.telegram(mcp), a.group, a.message_text),
  });
}
