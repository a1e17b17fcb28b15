// tg_send_message: a text message to a chat or a user.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { handleOf } from '@tgmcp/policy';
import { groupParam } from '@tgmcp/mcp';
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
    async write(a) {
      const tg = await runtime.telegram(mcp);
      const text = a.message_text.trim();
      return {
        action: 'send_message',
        target: a.group,
        payload: { text },
        text,
        // A DM to someone this account never wrote to is charged to the first_contact quota too.
        firstContact: (target) => tg.isFirstContact(handleOf(target)),
        summary: `send this message (${text.length} characters):\n${text}`,
        write: (target, randomId) => tg.sendMessage(target, text, { randomId }),
        settle: (target, sinceUnix, randomId) => tg.findSent(target, { text, sinceUnix, randomId }),
      };
    },
  });
}
