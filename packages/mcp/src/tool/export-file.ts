// Exports to files inside `<dataDir>/exports`: what `tgmcp-read export` writes, and what a tool
// returns as a resource_link when its result is larger than the inline budget.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ExportFormat, Manifest, ProgressEvent } from '@tgmcp/exporters';
import type { Telegram } from '@tgmcp/telegram';

export type ExportKind = 'messages' | 'participants' | 'dialogs';

export interface ExportRequest {
  kind: ExportKind;
  chat?: string;
  format: ExportFormat;
  /** Output file; default `<dataDir>/exports/<kind>-<chat>-<time>.<ext>`. */
  file?: string;
  resume?: boolean;
  overwrite?: boolean;
  limit?: number;
  messages?: {
    order?: 'oldest-first' | 'newest-first';
    minId?: number;
    maxId?: number;
    minDate?: number;
    maxDate?: number;
    search?: string;
    fromUser?: string;
    includeService?: boolean;
  };
  participants?: {
    search?: string;
    filter?: 'all' | 'admins' | 'bots' | 'banned' | 'kicked';
    includeBots?: boolean;
    /** Only when the operator allows it (TG_READ_ALLOW_PHONES); default false. */
    includePhone?: boolean;
  };
  signal?: AbortSignal;
  onProgress?: (e: ProgressEvent) => void;
}

const EXT: Record<ExportFormat, string> = { jsonl: 'jsonl', csv: 'csv', tdesktop: 'json' };

export function defaultExportFile(
  dataDir: string,
  r: Pick<ExportRequest, 'kind' | 'chat' | 'format'>,
  now = new Date(),
): string {
  const dir = path.join(dataDir, 'exports');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  const chat = (r.chat ?? 'account').replace(/[^\w.-]/g, '_');
  return path.join(dir, `${r.kind}-${chat}-${stamp}.${EXT[r.format]}`);
}

export async function runExport(
  tg: Telegram,
  dataDir: string,
  r: ExportRequest,
): Promise<{ file: string; uri: string; manifest: Manifest }> {
  const { exportDialogs, exportMessages, exportParticipants, writeExport } =
    await import('@tgmcp/exporters');
  const { asBulk } = await import('@tgmcp/telegram');
  const common = { signal: r.signal, onProgress: r.onProgress };
  const file = r.file ?? defaultExportFile(dataDir, r);
  // An export is a bulk job: its pages are charged as bulk in the limiter the account shares,
  // so tool calls (of this or any other process) are not queued behind it.
  const result = await asBulk(() => {
    const source =
      r.kind === 'messages'
        ? exportMessages(tg, r.chat, { ...common, ...r.messages, limit: r.limit })
        : r.kind === 'participants'
          ? exportParticipants(tg, r.chat, { ...common, ...r.participants, limit: r.limit })
          : exportDialogs(tg, { ...common, limit: r.limit });
    return writeExport(source as never, {
      file,
      format: r.format,
      resume: r.resume,
      overwrite: r.overwrite,
    });
  });
  return { file: result.file, uri: pathToFileURL(result.file).href, manifest: result.manifest };
}
