// exportToFile: one export of a chat's messages or members, or of the dialog list, to a file, as
// `tgmcp-read export` and a tool whose result is too large to return inline both need it: picks
// the source by kind, names a default file in `<dataDir>/exports`, runs the pages as a bulk job
// (charged as bulk in the limiter the account shares, so tool calls of this or any other process
// are not queued behind it) and writes the file, checkpoint and manifest with writeExport.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { systemClock } from '@tgmcp/core';
import { asBulk } from '@tgmcp/telegram';
import { ExportError } from './errors.js';
import { EXPORT_FORMATS, type ExportFormat } from './formats/format.js';
import { type DialogsTelegram, exportDialogs } from './sources/dialogs.js';
import {
  type ExportMessagesOptions,
  type MessagesTelegram,
  exportMessages,
} from './sources/messages.js';
import {
  type ExportParticipantsOptions,
  type ParticipantsTelegram,
  exportParticipants,
} from './sources/participants.js';
import type { Clock, ProgressEvent } from './sources/types.js';
import { type ExportResult, writeExport } from './write-export.js';

export type FileExportKind = 'messages' | 'participants' | 'dialogs';
export const FILE_EXPORT_KINDS: readonly FileExportKind[] = ['messages', 'participants', 'dialogs'];

/** The media type of each format, for a resource link to the file. */
export const EXPORT_MIME_TYPES: Readonly<Record<ExportFormat, string>> = {
  jsonl: 'application/x-ndjson',
  csv: 'text/csv',
  tdesktop: 'application/json',
};

const EXTENSIONS: Readonly<Record<ExportFormat, string>> = {
  jsonl: 'jsonl',
  csv: 'csv',
  tdesktop: 'json',
};

export interface ExportToFileRequest {
  kind: FileExportKind;
  /** The chat (id, @username or link); required for messages and participants. */
  chat?: string | number;
  format: ExportFormat;
  /** The output file; default: a new file in `<dataDir>/exports` (see defaultExportFile). */
  out?: string;
  /** The installation's data dir; needed when `out` is not given. */
  dataDir?: string;
  /** Continue an unfinished export of `out` from its checkpoint. */
  resume?: boolean;
  /** Replace an existing `out`, or discard an unfinished export's checkpoint. */
  overwrite?: boolean;
  limit?: number;
  /** Message filters (kind `messages`). */
  messages?: Pick<
    ExportMessagesOptions,
    'order' | 'minId' | 'maxId' | 'minDate' | 'maxDate' | 'search' | 'fromUser' | 'includeService'
  >;
  /** Member filters (kind `participants`); `includePhone` only when the operator allows it. */
  participants?: Pick<
    ExportParticipantsOptions,
    'search' | 'filter' | 'includeBots' | 'includePhone'
  >;
}

export interface ExportToFileOptions {
  /** Stops the export; what was written stays resumable. */
  signal?: AbortSignal;
  onProgress?: (event: ProgressEvent) => void;
  clock?: Clock;
  random?: (bytes: number) => Buffer;
}

export interface FileExport extends ExportResult {
  /** `file://` URL of the file. */
  uri: string;
  mimeType: string;
}

export type FileExportTelegram = MessagesTelegram & ParticipantsTelegram & DialogsTelegram;

/** `<dataDir>/exports/<kind>-<chat>-<time>.<ext>`; creates the exports dir (0700). */
export function defaultExportFile(
  dataDir: string,
  r: Pick<ExportToFileRequest, 'kind' | 'chat' | 'format'>,
  now: Date,
): string {
  const dir = path.join(dataDir, 'exports');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  const chat = String(r.chat ?? 'account').replace(/[^\w.-]/g, '_');
  return path.join(dir, `${r.kind}-${chat}-${stamp}.${EXTENSIONS[r.format]}`);
}

function outputFile(r: ExportToFileRequest, clock: Clock): string {
  if (r.out !== undefined) return path.resolve(r.out);
  if (r.dataDir === undefined)
    throw new ExportError('INVALID_INPUT', 'give the output file, or the data dir', 'out');
  return defaultExportFile(r.dataDir, r, new Date(clock.now()));
}

export async function exportToFile(
  tg: FileExportTelegram,
  request: ExportToFileRequest,
  options: ExportToFileOptions = {},
): Promise<FileExport> {
  const r = request;
  if (!FILE_EXPORT_KINDS.includes(r.kind))
    throw new ExportError(
      'INVALID_INPUT',
      `kind must be one of ${FILE_EXPORT_KINDS.join(', ')}`,
      'kind',
    );
  if (!EXPORT_FORMATS.includes(r.format))
    throw new ExportError(
      'INVALID_INPUT',
      `format must be one of ${EXPORT_FORMATS.join(', ')}`,
      'format',
    );
  if (r.kind !== 'dialogs' && (r.chat === undefined || r.chat === ''))
    throw new ExportError('INVALID_INPUT', `a ${r.kind} export needs the chat`, 'chat');
  const clock = options.clock ?? systemClock;
  const file = outputFile(r, clock);
  const common = { signal: options.signal, onProgress: options.onProgress, clock };
  const target = {
    file,
    format: r.format,
    resume: r.resume,
    overwrite: r.overwrite,
    clock,
    random: options.random,
  };
  const result = await asBulk(() =>
    r.kind === 'messages'
      ? writeExport(
          exportMessages(tg, r.chat, { ...common, ...r.messages, limit: r.limit }),
          target,
        )
      : r.kind === 'participants'
        ? writeExport(
            exportParticipants(tg, r.chat, { ...common, ...r.participants, limit: r.limit }),
            target,
          )
        : writeExport(exportDialogs(tg, { ...common, limit: r.limit }), target),
  );
  return { ...result, uri: pathToFileURL(result.file).href, mimeType: EXPORT_MIME_TYPES[r.format] };
}
