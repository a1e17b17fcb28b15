// @tgmcp/exporters: streaming, resumable exports of Telegram chats (JSONL, CSV, Telegram
// Desktop JSON) built on the typed operations of @tgmcp/telegram.
export { exportMessages } from './sources/messages.js';
export type {
  ExportMessagesOptions,
  MessageCheckpoint,
  MessagesTelegram,
} from './sources/messages.js';
export { exportParticipants } from './sources/participants.js';
export type {
  ExportParticipantsOptions,
  ParticipantCheckpoint,
  ParticipantsTelegram,
} from './sources/participants.js';
export { exportDialogs, exportGroups } from './sources/dialogs.js';
export type {
  DialogCheckpoint,
  DialogsTelegram,
  ExportDialogsOptions,
  ExportGroupsOptions,
  GroupRecord,
  GroupsTelegram,
} from './sources/dialogs.js';
export type {
  Clock,
  ExportKind,
  ExportSource,
  ProgressEvent,
  RecordMark,
  SourceInfo,
  SourceOptions,
} from './sources/types.js';
export { writeExport } from './write-export.js';
export type { ExportResult, WriteExportOptions } from './write-export.js';
export {
  EXPORT_MIME_TYPES,
  FILE_EXPORT_KINDS,
  defaultExportFile,
  exportToFile,
} from './export-to-file.js';
export type {
  ExportToFileOptions,
  ExportToFileRequest,
  FileExport,
  FileExportKind,
  FileExportTelegram,
} from './export-to-file.js';
export type { Manifest } from './manifest.js';
export { readCheckpoint, checkpointPath } from './files/checkpoint.js';
export type { Checkpoint } from './files/checkpoint.js';
export { EXPORT_FORMATS } from './formats/format.js';
export type { ExportFormat, Formatter, FormatterOptions } from './formats/format.js';
export { formatterFor } from './formats/formatter-for.js';
export { COLUMNS } from './formats/columns.js';
export { csvCell } from './formats/csv.js';
export { desktopMessage, desktopChatType } from './formats/tdesktop.js';
export { ExportError } from './errors.js';
export type { ExportErrorCode } from './errors.js';
export { TOOL_NAME, TOOL_VERSION } from './version.js';
