// tg_download_media: one message's file into the media directory (never elsewhere).
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { ServerRuntime } from '../server-runtime.js';
import { defineTool } from './define.js';
import { groupParam } from './schemas.js';

export function registerDownloadMediaTool(server: McpServer, runtime: ServerRuntime): void {
  defineTool(server, runtime, {
    name: 'tg_download_media',
    title: 'Download media',
    description: `Downloads the photo or document of one message into the media directory (TG_MEDIA_DIR; output_dir is a sub-directory of it). Names are sanitized and never overwrite; files over ${runtime.config.maxDownloadMb} MB are refused.`,
    input: {
      group: groupParam,
      message_id: z.number().int().positive(),
      output_dir: z.string().max(200).default('.').describe('Sub-directory of the media directory'),
    },
    output: {
      success: z.boolean(),
      path: z.string(),
      file_name: z.string(),
      size: z.number().int(),
      mime_type: z.string().nullable(),
    },
    async run({ group, message_id, output_dir }, extra) {
      const tg = await runtime.telegram();
      const id = await runtime.checkChat(tg, group);
      const r = await tg.downloadMedia(id, message_id, {
        dir: output_dir,
        onProgress: (done, total) => void extra.progress(done, total ?? undefined, 'bytes'),
      });
      return { result: { success: true, ...r }, summary: `saved ${r.size} bytes to ${r.path}` };
    },
  });
}
