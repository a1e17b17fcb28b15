// A result too large for the context: written as an export file inside the data dir and
// returned as a resource_link plus the export's manifest.
import { z } from 'zod';
import { type ExportRequest, runExport } from './export-file.js';
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

const MIME = {
  jsonl: 'application/x-ndjson',
  csv: 'text/csv',
  tdesktop: 'application/json',
} as const;

export async function exportAsLink(
  runtime: ServerRuntime,
  request: Omit<ExportRequest, 'signal' | 'onProgress'>,
  extra: ToolExtra,
) {
  const tg = await runtime.telegram();
  const r = await runExport(tg, runtime.config.dataDir, {
    ...request,
    signal: extra.signal,
    onProgress: (e) =>
      void extra.progress(e.done, e.total ?? request.limit, `${request.kind} exported`),
  });
  const link: ResourceLink = {
    type: 'resource_link',
    uri: r.uri,
    name: r.file.split('/').pop()!,
    mimeType: MIME[request.format],
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
