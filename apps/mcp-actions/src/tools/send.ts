// tg_send_message and tg_send_file.
import path from 'node:path';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { PinnedTarget } from '@tgmcp/policy';
import { groupParam } from '@tgmcp/mcp';
import { readOutboxFile } from '@tgmcp/telegram';
import { z } from 'zod';
import type { ActionsRuntime } from '../actions-runtime.js';
import { defineWriteTool } from './define-write.js';
import { handleOf, runWrite } from './write-flow.js';

/** A DM to someone this account never wrote to is charged to the first_contact quota too. */
function firstContact(runtime: ActionsRuntime, mcp: McpServer) {
  return async (target: PinnedTarget): Promise<boolean> => {
    const { tg } = await runtime.parts(mcp);
    return tg.isFirstContact(handleOf(target));
  };
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
          firstContact: firstContact(runtime, mcp),
          summary: `send this message (${text.length} characters):\n${text}`,
          run: (tg, randomId, target) => tg.sendMessage(target, text, { randomId }),
          settle: (tg, target, sinceUnix, randomId) =>
            tg.findSent(target, { text, sinceUnix, randomId }),
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
      // Never sent, by path or by inode: the data dir's sessions, state and audit files.
      const denied = ['sessions', 'state', 'audit'].map((d) =>
        path.join(runtime.policy.dataDir, d),
      );
      const file = readOutboxFile(
        a.file_path,
        roots,
        denied,
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
          firstContact: firstContact(runtime, mcp),
          summary: `send the file ${file.name} (${file.size} bytes, sha256 ${file.sha256.slice(0, 16)}...)${caption ? ` with the caption:\n${caption}` : ''}`,
          run: (t, randomId, target) =>
            t.sendFile(target, a.file_path, { caption, randomId, sha256: file.sha256 }),
          // Without a caption a file message cannot be told from another: it stays in doubt.
          settle: caption
            ? (t, target, sinceUnix, randomId) =>
                t.findSent(target, { text: caption, sinceUnix, randomId })
            : undefined,
        },
        extra,
      );
    },
  });
}
