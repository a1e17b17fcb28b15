// tg_download_media: one message's file into the media directory (never elsewhere).
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { ServerRuntime } from '../runtime/server-runtime.js';
import { defineTool } from '../tool/define.js';
import { groupParam } from '../tool/schemas.js';

export function registerDownloadMediaTool(server: McpServer, runtime: ServerRuntime): void {
  defineTool(server, runtime, {
    name: 'tg_download_media',
    title: 'Download media',
    description: `Saves a message's photo or document under TG_MEDIA_DIR/output_dir (sanitized names, never overwriting; at most ${runtime.config.maxDownloadMb} MB).`,
    input: {
      group: groupParam,
      message_id: z.number().int().min(1),
      output_dir: z.string().max(200).default('.').describe('Sub-directory of the media directory'),
    },
    output: {
      success: z.boolean(),
      path: z.string(),
      file_name: z.string(),
      size: z.number().int(),
      mime_type: z.string().optional(),
    },
    async run({ group, message_id, output_dir }, extra) {
      const tg = await runtime.telegram();
      const id = (await tg.resolveChat(group, 'group')).id;
      const r = await tg.downloadMedia(id, message_id, {
        dir: output_dir,
        onProgress: (done, total) => void extra.progress(done, total ?? undefined, 'bytes'),
      });
      const { mime_type, ...file } = r;
      return {
        result: { success: true, ...file, ...(mime_type ? { mime_type } : {}) },
        summary: `saved ${r.size} bytes to ${r.path}`,
      };
    },
  });
}
