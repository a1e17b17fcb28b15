// tg_send_file: a file from the outbox, hashed now; the send refuses if it changed since.
import path from 'node:path';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { handleOf } from '@tgmcp/policy';
import { groupParam } from '@tgmcp/mcp';
import { readOutboxFile } from '@tgmcp/telegram';
import { z } from 'zod';
import type { ActionsRuntime } from '../actions-runtime.js';
import { defineWriteTool } from './define-write.js';

export function registerSendFileTool(mcp: McpServer, runtime: ActionsRuntime): void {
  const { fileRoots: roots, maxFileMb, dataDir } = runtime.policy;
  defineWriteTool(mcp, runtime, {
    name: 'tg_send_file',
    title: 'Send a file',
    description: `Sends a file from the outbox (${roots.join(', ')}): never dot-files, session or key files, or links leading out; at most ${maxFileMb} MB.`,
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
    async write(a) {
      // Never sent, by path or by inode: the data dir's sessions, state and audit files.
      const denied = ['sessions', 'state', 'audit'].map((d) => path.join(dataDir, d));
      const file = readOutboxFile(a.file_path, roots, denied, maxFileMb * 1024 * 1024);
      const caption = a.caption.trim();
      const tg = await runtime.telegram(mcp);
      return {
        action: 'send_file',
        target: a.group,
        payload: { file_sha256: file.sha256, file_size: file.size, file_name: file.name, caption },
        caption,
        firstContact: (target) => tg.isFirstContact(handleOf(target)),
        summary: `send the file ${file.name} (${file.size} bytes, sha256 ${file.sha256.slice(0, 16)}...)${caption ? ` with the caption:\n${caption}` : ''}`,
        write: (target, randomId) =>
          tg.sendFile(target, a.file_path, { caption, randomId, sha256: file.sha256 }),
        // Without a caption a file message cannot be told from another: it stays in doubt.
        settle: caption
          ? (target, sinceUnix, randomId) =>
              tg.findSent(target, { text: caption, sinceUnix, randomId })
          : undefined,
      };
    },
  });
}
