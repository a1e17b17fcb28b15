// A result too large for the context: written as an export file inside the data dir and
// returned as a resource_link plus the export's manifest.
import path from 'node:path';
import type { ExportToFileRequest } from '@tgmcp/exporters';
import { z } from 'zod';
import type { ServerRuntime } from '../runtime/server-runtime.js';
import type { ResourceLink, ToolExtra } from './define.js';

export const exportFormatParam = z
  .enum(['jsonl', 'csv', 'tdesktop'])
  .default('jsonl')
  .describe('File format above the inline maximum');

export const exportOutput = z
  .object({
    uri: z.string(),
    file: z.string(),
    format: z.string(),
    manifest: z.record(z.string(), z.unknown()),
  })
  .optional();

export async function exportAsLink(
  runtime: ServerRuntime,
  request: Omit<ExportToFileRequest, 'out' | 'dataDir' | 'resume' | 'overwrite'>,
  extra: ToolExtra,
) {
  const tg = await runtime.telegram();
  // Export-to-file orchestration is @tgmcp/exporters'; loaded with the first export.
  const { exportToFile } = await import('@tgmcp/exporters');
  const r = await exportToFile(
    tg,
    { ...request, dataDir: runtime.config.dataDir },
    {
      signal: extra.signal,
      onProgress: (e) =>
        void extra.progress(e.done, e.total ?? request.limit, `${request.kind} exported`),
    },
  );
  const link: ResourceLink = {
    type: 'resource_link',
    uri: r.uri,
    name: path.basename(r.file),
    mimeType: r.mimeType,
    description: `${r.manifest.count} ${request.kind}, ${r.manifest.bytes} bytes, sha256 ${r.manifest.sha256}`,
  };
  return {
    export: {
      uri: r.uri,
      file: r.file,
      format: request.format,
      manifest: { ...r.manifest },
    },
    link,
    count: r.manifest.count,
  };
}
