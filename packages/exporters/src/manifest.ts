// `<file>.manifest.json`: what a finished export holds and how to check it (sha256 of the file).
import type { ExportFormat } from './formats/format.js';
import type { ExportKind } from './sources/types.js';

export interface Manifest {
  tool: { name: string; version: string };
  format: ExportFormat;
  kind: ExportKind;
  /** The output's file name (the manifest sits beside it). */
  file: string;
  /** The chat exported; null for dialog and group lists. */
  source: { chat_id: string; title: string; type: string; username: string | null } | null;
  filters: Record<string, unknown>;
  count: number;
  /** Ids of the first and last records written (messages: in the order of the export). */
  first_id: string | number | null;
  last_id: string | number | null;
  /** Earliest and latest record time (message dates, join dates, last messages). */
  time_range: { from: string; to: string } | null;
  bytes: number;
  sha256: string;
  started_at: string;
  finished_at: string;
  /** How many times the export was resumed. */
  resumes: number;
}
