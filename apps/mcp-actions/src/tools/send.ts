// tg_send_message and tg_send_file.
import path from 'node:path';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { groupParam } from '@tgmcp/read';
import { readOutboxFile } from '@tgmcp/telegram';
import { z } from 'zod';
import type { ActionsRuntime } from '../actions-runtime.js';
import { defineWriteTool } from './define-write.js';
import { runWrite } from './write-flow.js';

/** A DM to someone this account never wrote to: charged to the first_contact quota too. */
async function firstContact(
  runtime: ActionsRuntime,
  mcp: McpServer,
  ref: string | number,
): Promise<boolean> {
  const { tg } = await runtime.parts(mcp);
  const peer = await tg.resolvePeer(ref).catch(() => undefined);
  if (peer?.type !== 'user' || peer.id === tg.account.id) return false;
  // One search request: any message of ours in this chat means we wrote to them before.
  for await (const _ of tg.iterMessages(peer.id, { fromUser: 'me', limit: 1 })) return false;
  return true;
}

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
    run: async (a, extra) => {
      const text = a.message_text.trim();
      return runWrite(
        mcp,
        runtime,
        a,
        {
          action: 'send_message',
          target: a.group,
          payload: { text },
          text,
          firstContact: await firstContact(runtime, mcp, a.group),
          summary: `send this message (${text.length} characters):\n${text}`,
          run: (tg, randomId) => tg.sendMessage(String(a.group), text, { randomId }),
        },
        extra,
      );
    },
  });
}

export function registerSendFileTool(mcp: McpServer, runtime: ActionsRuntime): void {
  const roots = runtime.policy.fileRoots;
  defineWriteTool(mcp, runtime, {
    name: 'tg_send_file',
    title: 'Send a file',
    description: `Sends a file from the outbox (${roots.join(', ')}): never dot-files, session or key files, or links leading out; at most ${runtime.policy.maxFileMb} MB.`,
    input: {
      group: groupParam,
      file_path: z
        .string()
        .min(1)
        .max(1000)
        .describe('Path inside the outbox (relative to it, or absolute inside it)'),
      caption: z.string().max(1024).default(''),
    },
    destructive: false,
    run: async (a, extra) => {
      // Hash the exact bytes now; the send refuses if the file changed since the approval.
      const sessions = path.join(runtime.policy.dataDir, 'sessions');
      const file = readOutboxFile(
        a.file_path,
        roots,
        [sessions],
        runtime.policy.maxFileMb * 1024 * 1024,
      );
      const caption = a.caption.trim();
      return runWrite(
        mcp,
        runtime,
        a,
        {
          action: 'send_file',
          target: a.group,
          payload: {
            file_sha256: file.sha256,
            file_size: file.size,
            file_name: file.name,
            caption,
          },
          caption,
          firstContact: await firstContact(runtime, mcp, a.group),
          summary: `send the file ${file.name} (${file.size} bytes, sha256 ${file.sha256.slice(0, 16)}...)${caption ? ` with the caption:\n${caption}` : ''}`,
          run: (t, randomId) =>
            t.sendFile(String(a.group), a.file_path, { caption, randomId, sha256: file.sha256 }),
        },
        extra,
      );
    },
  });
}
