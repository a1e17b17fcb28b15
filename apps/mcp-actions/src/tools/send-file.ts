// tg_send_file: a file from the outbox, hashed now; the send refuses if it changed since.
import path from 'node:path';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { groupParam } from '@tgmcp/mcp';
import { sendFileWrite } from '@tgmcp/policy';
import { readOutboxFile } from '@tgmcp/telegram';
import { z } from 'zod';
import type { ActionsRuntime } from '../actions-runtime.js';
import { defineWriteTool } from './define-write.js';

export function registerSendFileTool(mcp: McpServer, runtime: ActionsRuntime): void {
  const { fileRoots: roots, maxFileMb, dataDir } = runtime.policy;
  // Never sent, by path or by inode: the data dir's sessions, state and audit files.
  const denied = ['sessions', 'state', 'audit'].map((d) => path.join(dataDir, d));
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
      const file = readOutboxFile(a.file_path, roots, denied, maxFileMb * 1024 * 1024);
      return sendFileWrite(await runtime.telegram(mcp), a.group, a.file_path, file, a.caption);
    },
  });
}
